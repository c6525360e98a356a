#pragma once
// One calibration as the Calibrate view asks for it (`gatetune calibrate` reading the same
// logs): the files and their format, and what comes back — the calibration the library computed
// (sim/calibration/calibration.hpp: the fits, their KS distances and plot points, what the logs
// cannot identify), the lines that could not be read, or the message that says why there is
// none. Runs on a worker thread: it reads the files itself, so an unreadable file is a message
// in the view (file and line), never an exception on the GUI thread.
#include <QString>
#include <QStringList>

#include <cstdint>
#include <functional>

#include "sim/calibration/calibration.hpp"

namespace gatetune::ui {

struct CalibrateRequest {
    QStringList files;
    sim::calibration::LogFormat format = sim::calibration::LogFormat::Auto;
    double maxBadShare = 0.01;  // as `gatetune calibrate --max-bad-lines`: above it, no calibration
};

struct CalibrateOutcome {
    sim::calibration::Calibration calibration;
    QString fileNames;    // the files, as the window shows paths
    QStringList badLines; // "file:line: what is wrong", the first ones of each file
    QString error;        // why there is no calibration (file and line for a bad file)
    bool cancelled = false;
    bool ok() const { return error.isEmpty() && !cancelled; }
};

// `cancelled` is polled as records are read; `progress` gets the share of the bytes read (0 … 1).
CalibrateOutcome runCalibration(const CalibrateRequest& request, const std::function<bool()>& cancelled,
                                const std::function<void(double)>& progress);

}  // namespace gatetune::ui
