#pragma once
// One diagnosis as the Diagnose view asks for it (`gatetune diagnose` with the same choices):
// what was observed, the configuration that was running — the editor's preset or a file — and
// the search's options; and what comes back: the observation, the configuration and the
// diagnosis, or the message that says why there is none. Runs on a worker thread: it reads the
// files itself, so an unreadable file is a message in the view, never an exception on the GUI thread.
#include <QString>
#include <QStringList>

#include <atomic>
#include <functional>
#include <optional>

#include "sim/config.hpp"
#include "sim/diagnosis/diagnosis.hpp"
#include "sim/diagnosis/observation.hpp"

namespace gatetune::ui {

struct DiagnoseRequest {
    QStringList observationFiles;
    sim::diagnosis::ObservationFormat format = sim::diagnosis::ObservationFormat::Auto;
    std::optional<sim::Config> config;  // the preset in the editor; when unset, configFile is read
    QString configName;                 // how the report names the configuration
    QString configFile;
    QString fixFile;                    // "" for none
    QStringList fixSets;                // key=value changes to check
    QStringList mechanisms;             // ids to try; empty: the whole catalogue
    QStringList suspects;               // mechanism ids or "key=value[,key=value…]"
    int seeds = 3;
    unsigned jobs = 0;                  // 0: every core
    bool proposeFixes = true;
};

struct DiagnoseOutcome {
    sim::diagnosis::Observation observation;
    sim::Config config;                 // the configuration that was running, as read
    QString configName;
    QString observationNames;           // the files, as the window shows paths
    sim::diagnosis::Diagnosis diagnosis;
    QString error;                      // why there is no diagnosis (file:line for a bad file)
    bool cancelled = false;
    bool ok() const { return error.isEmpty() && !cancelled; }
};

// `cancelled` is polled before each simulation; `progress` gets the simulations run so far (from
// the simulating threads).
DiagnoseOutcome runDiagnosis(const DiagnoseRequest& request, const std::function<bool()>& cancelled,
                             const std::function<void(std::uint64_t)>& progress);

// "a.csv; server.timeout=30 ;" → {"a.csv", "server.timeout=30"}: the view's lists typed on one line.
QStringList splitList(const QString& text);

}  // namespace gatetune::ui
