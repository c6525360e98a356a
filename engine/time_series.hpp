#pragma once
// Fixed-interval samples of named values over simulated time (queue depth, in-flight requests,
// error rate...), for charts and for "when did it start failing" analysis.
//
// Rows sit on a regular grid: a row's time is always a multiple of interval(). A driver process
// either wakes at every boundary (next_boundary()) and calls record(now, ...), or calls record()
// whenever it likes and only the first call within each interval produces a row. Storage is one
// flat row-major vector, so memory is rows * columns doubles plus one time per row.

#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace gatetune::engine {

class TimeSeries {
public:
    struct Row {
        std::int64_t time;
        std::span<const double> values;  // one per column; valid until the series changes
    };

    // interval > 0 (microseconds); at least one column, names unique and non-empty.
    // Throws std::invalid_argument otherwise.
    TimeSeries(std::int64_t interval, std::vector<std::string> columns);

    std::int64_t interval() const noexcept { return interval_; }
    const std::vector<std::string>& columns() const noexcept { return columns_; }
    std::size_t column_count() const noexcept { return columns_.size(); }
    std::optional<std::size_t> column_index(std::string_view name) const noexcept;

    // Appends a row stamped at the interval boundary at or before t, unless that boundary (or a
    // later one) already has a row; returns whether a row was appended. values.size() must equal
    // column_count() (std::invalid_argument otherwise).
    bool record(std::int64_t t, std::span<const double> values);

    // The earliest time at which record() would append a row (the grid point after the last
    // row; the boundary at or before `t` if there are no rows yet).
    std::int64_t next_boundary(std::int64_t t = 0) const noexcept;

    std::size_t row_count() const noexcept { return times_.size(); }
    bool empty() const noexcept { return times_.empty(); }
    Row row(std::size_t i) const noexcept;
    std::vector<Row> rows() const;
    std::span<const std::int64_t> times() const noexcept { return times_; }
    // All values, row-major: row i, column c is at i * column_count() + c.
    std::span<const double> values() const noexcept { return values_; }
    double at(std::size_t row, std::size_t column) const noexcept;
    std::vector<double> column(std::size_t column) const;

    // Union of both series' rows in time order, for series recorded in pieces (e.g. separate
    // time windows). Requires the same interval and columns and no time present in both;
    // throws std::invalid_argument otherwise, leaving *this unchanged.
    void merge(const TimeSeries& other);

    // Drops all rows; interval and columns stay.
    void clear() noexcept;

    void reserve(std::size_t rows);

    friend bool operator==(const TimeSeries&, const TimeSeries&) = default;

private:
    std::int64_t floor_to_grid(std::int64_t t) const noexcept;

    std::int64_t interval_;
    std::vector<std::string> columns_;
    std::vector<std::int64_t> times_;
    std::vector<double> values_;
};

}  // namespace gatetune::engine
