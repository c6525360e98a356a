#pragma once
// `tune --minimize EXPR`: a small arithmetic expression over preset keys, e.g.
//   server.workers * (db_pool.pool_size + db_pool.max_overflow) + 0.1 * db_pool.pool_timeout
// Grammar (recursive descent): expr = term {(+|-) term}; term = unary {(*|/) unary};
// unary = [+|-] unary | number | key | "(" expr ")". A key is a dotted preset key, or a bare key
// name that only one table has (pool_size). Numeric keys only; booleans count as 0/1.
#include <string>
#include <string_view>
#include <vector>

#include "sim/config.hpp"
#include "sim/preset/config_schema.hpp"

namespace gatetune::sim::experiment {

class Expression {
public:
    // Throws ExperimentError: "--minimize: column 7: …" with what was expected there.
    static Expression parse(std::string_view text);

    // NaN when a key is an unset optional; division by zero follows IEEE (±inf).
    double evaluate(const Config& config) const;
    const std::string& text() const noexcept { return text_; }

private:
    struct Node {
        enum class Kind { Number, Key, Negate, Add, Subtract, Multiply, Divide } kind = Kind::Number;
        double number = 0;
        const KeySpec* key = nullptr;
        int left = -1;
        int right = -1;
    };
    class Parser;
    double eval(int node, const Config& config) const;

    std::string text_;
    std::vector<Node> nodes_;
    int root_ = -1;
};

}  // namespace gatetune::sim::experiment
