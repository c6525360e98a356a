#pragma once
// Wall time ↔ preset time for a run at --time-scale F: the run waits F × every preset duration,
// and every measured wall duration is divided by F before it is reported, so the report reads in
// the preset's seconds whatever F was.
#include <chrono>

#include "engine/time.hpp"

namespace gatetune::live {

class LoadClock {
public:
    using Clock = std::chrono::steady_clock;

    LoadClock(Clock::time_point start, double time_scale) : start_(start), scale_(time_scale) {}

    Clock::time_point start() const { return start_; }
    double time_scale() const { return scale_; }
    // Preset microseconds since the start.
    engine::SimTime preset_since_start(Clock::time_point t) const { return to_preset(t - start_); }
    engine::SimTime preset_now() const { return preset_since_start(Clock::now()); }
    engine::SimTime to_preset(Clock::duration wall) const {
        return engine::from_seconds(std::chrono::duration<double>(wall).count() / scale_);
    }
    // The wall-clock instant of a preset time, and the wall length of a preset duration.
    Clock::time_point wall_at(engine::SimTime preset) const { return start_ + to_wall(engine::to_seconds(preset)); }
    Clock::duration to_wall(double preset_seconds) const {
        return std::chrono::duration_cast<Clock::duration>(std::chrono::duration<double>(preset_seconds * scale_));
    }

private:
    Clock::time_point start_;
    double scale_;
};

}  // namespace gatetune::live
