#include "ui/calibrate_job.hpp"

#include <QObject>

#include <exception>

#include "ui/display_path.hpp"

namespace gatetune::ui {

namespace cal = sim::calibration;

namespace {

// The reader names files as they were given (absolute, from a file dialog); the window shows
// them as the user would type them (display_path.hpp).
QString shownLogPaths(QString text, const QStringList& paths) {
    for (const QString& p : paths)
        if (!p.isEmpty()) text.replace(p, displayPath(p));
    return text;
}

struct CalibrationCancelled {};

}  // namespace

CalibrateOutcome runCalibration(const CalibrateRequest& request, const std::function<bool()>& cancelled,
                                const std::function<void(double)>& progress) {
    CalibrateOutcome out;
    QStringList shown;
    for (const QString& f : request.files) shown << displayPath(f);
    out.fileNames = shown.join(QStringLiteral(", "));
    if (request.files.isEmpty()) {
        out.error = QObject::tr("Add the request logs to calibrate from: JSON Lines, CSV with a header, k6 --out json or AWS ALB access logs.");
        return out;
    }
    try {
        cal::Calibrator calibrator;
        std::uint64_t seen = 0;
        const cal::RecordSink sink = [&](const cal::LogRecord& r) {
            // Polled every few thousand records: an atomic load, but not on every line.
            if ((++seen & 0xfff) == 0 && cancelled && cancelled()) throw CalibrationCancelled{};
            calibrator.add(r);
        };
        const double files = static_cast<double>(request.files.size());
        for (qsizetype i = 0; i < request.files.size(); ++i) {
            if (cancelled && cancelled()) throw CalibrationCancelled{};
            const std::string path = request.files[i].toStdString();
            const auto fileProgress = [&](std::uint64_t done, std::uint64_t total) {
                if (progress && total > 0) progress((static_cast<double>(i) + static_cast<double>(done) / static_cast<double>(total)) / files);
            };
            calibrator.add_read(path, cal::read_log_file(path, request.format, sink, fileProgress));
        }
        out.calibration = calibrator.finish();
    } catch (const CalibrationCancelled&) {
        out.cancelled = true;
        return out;
    } catch (const std::exception& e) {  // missing, unreadable, empty, unknown format: the reader names the file
        out.error = shownLogPaths(QString::fromStdString(e.what()), request.files);
        return out;
    }

    const cal::Calibration& c = out.calibration;
    for (const cal::ReadStats& s : c.reads) {
        for (const sim::InputIssue& issue : s.first_bad) out.badLines << shownLogPaths(QString::fromStdString(issue.to_string()), request.files);
        if (s.bad > s.first_bad.size())
            out.badLines << QObject::tr("… and %1 more unreadable lines").arg(static_cast<qulonglong>(s.bad - s.first_bad.size()));
    }
    const std::uint64_t bad = c.bad_lines();
    if (bad > 0 && static_cast<double>(bad) > request.maxBadShare * static_cast<double>(c.lines())) {
        out.error = QObject::tr("%1 of %2 lines could not be read, more than the %3 % tolerated; nothing calibrated:\n%4")
                        .arg(static_cast<qulonglong>(bad))
                        .arg(static_cast<qulonglong>(c.lines()))
                        .arg(request.maxBadShare * 100, 0, 'g', 3)
                        .arg(out.badLines.join(QLatin1Char('\n')));
        return out;
    }
    if (c.requests == 0) {
        out.error = QObject::tr("No requests in %1 (only headers, comments or lines that are not requests); nothing calibrated.").arg(out.fileNames);
        return out;
    }
    return out;
}

}  // namespace gatetune::ui
