#include "ui/diagnose_job.hpp"

#include "sim/preset/preset_io.hpp"
#include "sim/run_control.hpp"
#include "ui/display_path.hpp"

namespace gatetune::ui {

namespace {

std::vector<std::string> strings(const QStringList& list) {
    std::vector<std::string> out;
    for (const QString& s : list) out.push_back(s.toStdString());
    return out;
}

// The readers name files as they were given (absolute, from a file dialog); the window shows
// them as the user would type them (display_path.hpp).
QString shownPaths(QString text, const QStringList& paths) {
    for (const QString& p : paths)
        if (!p.isEmpty()) text.replace(p, displayPath(p));
    return text;
}

}  // namespace

QStringList splitList(const QString& text) {
    QStringList out;
    for (const QString& part : text.split(QLatin1Char(';'))) {
        const QString item = part.trimmed();
        if (!item.isEmpty()) out << item;
    }
    return out;
}

DiagnoseOutcome runDiagnosis(const DiagnoseRequest& request, const std::function<bool()>& cancelled,
                             const std::function<void(std::uint64_t)>& progress) {
    DiagnoseOutcome out;
    QStringList files = request.observationFiles;
    files << request.configFile << request.fixFile;
    QStringList shown;
    for (const QString& f : request.observationFiles) shown << displayPath(f);
    out.observationNames = shown.join(QStringLiteral(", "));
    if (request.observationFiles.isEmpty()) {
        out.error = QObject::tr("Add the files that were observed: request records (CSV or JSON Lines, k6 JSON, JMeter JTL, "
                                "ALB access logs) and any server logs.");
        return out;
    }
    sim::diagnosis::DiagnoseOptions options;
    try {
        out.observation = sim::diagnosis::read_observation(strings(request.observationFiles), request.format);
        if (request.config) {
            out.config = *request.config;
            out.configName = request.configName;
        } else {
            out.config = sim::load_preset(request.configFile.toStdString());
            out.configName = displayPath(request.configFile);
        }
        if (!request.fixFile.isEmpty()) {
            options.fix = sim::load_preset(request.fixFile.toStdString());
            options.fix_name = displayPath(request.fixFile).toStdString();
        }
    } catch (const std::exception& e) {  // ObservationError, PresetError: each line says file:line and what is allowed
        out.error = shownPaths(QString::fromStdString(e.what()), files);
        return out;
    }
    if (out.observation.requests.empty()) {
        out.error = QObject::tr("The observation has log evidence but no requests to replay: add the per-request records "
                                "(CSV/JSON Lines, k6 JSON, JTL, ALB or uvicorn access log).");
        return out;
    }
    for (std::string& note : out.observation.notes) note = shownPaths(QString::fromStdString(note), files).toStdString();

    options.seeds = static_cast<std::size_t>(std::max(1, request.seeds));
    options.jobs = request.jobs;
    options.mechanisms = strings(request.mechanisms);
    options.suspects = strings(request.suspects);
    options.fix_sets = strings(request.fixSets);
    options.propose_fixes = request.proposeFixes;
    options.cancelled = cancelled;
    if (progress) options.progress = [progress](std::size_t done, std::size_t) { progress(done); };
    try {
        out.diagnosis = sim::diagnosis::diagnose(out.observation, out.config, options);
    } catch (const sim::RunCancelled&) {
        out.cancelled = true;
    } catch (const std::exception& e) {  // an unknown mechanism, a suspect's bad assignment
        out.error = QString::fromStdString(e.what());
    }
    return out;
}

}  // namespace gatetune::ui
