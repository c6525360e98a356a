#include "engine/time_series.hpp"

#include <algorithm>
#include <charconv>
#include <stdexcept>

namespace gatetune::engine {
namespace {

std::string fmt(std::int64_t v) {
    char buf[24];
    const auto result = std::to_chars(buf, buf + sizeof buf, v);
    return std::string(buf, result.ptr);
}

}  // namespace

TimeSeries::TimeSeries(std::int64_t interval, std::vector<std::string> columns)
    : interval_(interval), columns_(std::move(columns)) {
    if (interval_ <= 0) {
        throw std::invalid_argument("TimeSeries: interval (" + fmt(interval_) +
                                    " us) must be positive");
    }
    if (columns_.empty()) throw std::invalid_argument("TimeSeries: needs at least one column");
    for (std::size_t i = 0; i < columns_.size(); ++i) {
        if (columns_[i].empty()) throw std::invalid_argument("TimeSeries: column names must not be empty");
        for (std::size_t j = 0; j < i; ++j) {
            if (columns_[i] == columns_[j]) {
                throw std::invalid_argument("TimeSeries: duplicate column '" + columns_[i] + "'");
            }
        }
    }
}

std::optional<std::size_t> TimeSeries::column_index(std::string_view name) const noexcept {
    for (std::size_t i = 0; i < columns_.size(); ++i) {
        if (columns_[i] == name) return i;
    }
    return std::nullopt;
}

std::int64_t TimeSeries::floor_to_grid(std::int64_t t) const noexcept {
    // Floor division, so negative times also land on the boundary at or before them.
    std::int64_t q = t / interval_;
    if (t % interval_ < 0) --q;
    return q * interval_;
}

std::int64_t TimeSeries::next_boundary(std::int64_t t) const noexcept {
    if (times_.empty()) return floor_to_grid(t);
    return times_.back() + interval_;
}

bool TimeSeries::record(std::int64_t t, std::span<const double> values) {
    if (values.size() != columns_.size()) {
        throw std::invalid_argument("TimeSeries::record: got " + fmt(static_cast<std::int64_t>(values.size())) +
                                    " values for " + fmt(static_cast<std::int64_t>(columns_.size())) +
                                    " columns");
    }
    const std::int64_t boundary = floor_to_grid(t);
    if (!times_.empty() && boundary <= times_.back()) return false;
    times_.push_back(boundary);
    values_.insert(values_.end(), values.begin(), values.end());
    return true;
}

TimeSeries::Row TimeSeries::row(std::size_t i) const noexcept {
    const std::size_t width = columns_.size();
    return {times_[i], std::span<const double>(values_).subspan(i * width, width)};
}

std::vector<TimeSeries::Row> TimeSeries::rows() const {
    std::vector<Row> result;
    result.reserve(times_.size());
    for (std::size_t i = 0; i < times_.size(); ++i) result.push_back(row(i));
    return result;
}

double TimeSeries::at(std::size_t row, std::size_t column) const noexcept {
    return values_[row * columns_.size() + column];
}

std::vector<double> TimeSeries::column(std::size_t column) const {
    std::vector<double> result;
    result.reserve(times_.size());
    for (std::size_t i = 0; i < times_.size(); ++i) result.push_back(at(i, column));
    return result;
}

void TimeSeries::merge(const TimeSeries& other) {
    if (other.interval_ != interval_ || other.columns_ != columns_) {
        throw std::invalid_argument("TimeSeries::merge: series differ in interval or columns");
    }
    const std::size_t width = columns_.size();
    std::vector<std::int64_t> times;
    std::vector<double> values;
    times.reserve(times_.size() + other.times_.size());
    values.reserve(values_.size() + other.values_.size());
    std::size_t a = 0, b = 0;
    const auto take = [&](const TimeSeries& from, std::size_t& i) {
        times.push_back(from.times_[i]);
        const auto first = from.values_.begin() + static_cast<std::ptrdiff_t>(i * width);
        values.insert(values.end(), first, first + static_cast<std::ptrdiff_t>(width));
        ++i;
    };
    while (a < times_.size() || b < other.times_.size()) {
        if (b == other.times_.size() || (a < times_.size() && times_[a] < other.times_[b])) {
            take(*this, a);
        } else if (a == times_.size() || other.times_[b] < times_[a]) {
            take(other, b);
        } else {
            throw std::invalid_argument("TimeSeries::merge: both series have a row at t=" +
                                        fmt(times_[a]) + " us");
        }
    }
    times_ = std::move(times);
    values_ = std::move(values);
}

void TimeSeries::clear() noexcept {
    times_.clear();
    values_.clear();
}

void TimeSeries::reserve(std::size_t rows) {
    times_.reserve(rows);
    values_.reserve(rows * columns_.size());
}

}  // namespace gatetune::engine
