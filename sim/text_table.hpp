#pragma once
// Aligned plain-text tables and paragraph wrapping for the text report (and anything else that
// prints for people). Widths count UTF-8 code points, not bytes, so cells like "200×38" line up.
#include <cstddef>
#include <ostream>
#include <string>
#include <string_view>
#include <vector>

namespace gatetune::sim {

enum class Align { Left, Right };

class TextTable {
public:
    struct Column {
        std::string header;
        Align align = Align::Left;
    };

    explicit TextTable(std::vector<Column> columns);

    // Short rows are padded with empty cells; extra cells throw std::invalid_argument.
    void add_row(std::vector<std::string> cells);
    // A dashed line across all columns, e.g. above a total row.
    void add_rule();

    std::size_t row_count() const noexcept { return rows_.size(); }

    // Header, dashed rule, rows. Every line starts with `indent`; columns are separated by two
    // spaces; trailing spaces are trimmed so output diffs cleanly. When every header is empty
    // (a key/value list) the header and its rule are left out.
    void write(std::ostream& out, std::string_view indent = "  ") const;
    std::string str(std::string_view indent = "  ") const;

private:
    struct Row {
        bool rule = false;
        std::vector<std::string> cells;
    };
    void write_cells(std::string& line, const std::vector<std::string>& cells,
                     const std::vector<std::size_t>& widths) const;

    std::vector<Column> columns_;
    std::vector<Row> rows_;
};

// Display width of UTF-8 text: the number of code points (all our text is single-width).
std::size_t display_width(std::string_view text) noexcept;

// Greedy word wrap: lines of at most `width` columns (a longer word gets a line of its own),
// each starting with `indent` (counted in the width), continuation lines with `hanging` more
// spaces. Runs of whitespace collapse to one space. Ends with a newline unless text is blank.
std::string wrap_text(std::string_view text, std::size_t width, std::string_view indent = "",
                      std::size_t hanging = 0);

}  // namespace gatetune::sim
