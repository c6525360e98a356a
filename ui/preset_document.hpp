#pragma once
// The preset being edited: its file, its text as last read or saved (so saving keeps the
// author's comments), the current Config, the undo stack every edit goes through, and the
// problems to show at the fields — a value the user typed that does not parse, or a rule that
// involves several keys. Only a preset without problems is simulated.
#include <QObject>
#include <QString>
#include <QStringList>
#include <QUndoStack>

#include <map>
#include <string>
#include <utility>
#include <vector>

#include "sim/config.hpp"
#include "sim/preset/config_schema.hpp"

namespace gatetune::ui {

struct FieldIssue {
    QString typed;    // the rejected text ("" for a rule over several keys: the value stands)
    QString message;  // what is wrong and what is allowed
    bool operator==(const FieldIssue&) const = default;
};

class PresetDocument : public QObject {
    Q_OBJECT
public:
    explicit PresetDocument(QObject* parent = nullptr);

    const sim::Config& config() const { return config_; }
    QString path() const { return path_; }
    QString displayName() const;  // file name, or "untitled"
    bool isModified() const { return !undo_.isClean(); }
    QUndoStack* undoStack() { return &undo_; }

    // "" on success; otherwise every problem of the file, one per line (the document is unchanged).
    QString open(const QString& path);
    // Replaces the document with a preset given as text (e.g. from the run history); "" or the errors.
    QString openText(const std::string& text, const QString& sourceName);
    void newPreset();
    // Writes the preset (comments kept where possible); "" or why it failed.
    QString save(const QString& path);
    bool lastSaveKeptComments() const { return keptComments_; }
    // The text save() would write.
    std::string presetText() const;

    // The user typed `text` for `key`: applied (undoably) when valid, else kept as a FieldIssue.
    bool setValueText(const sim::KeySpec& key, const QString& text);
    // Undoable; edits with the same mergeId ≥ 0 in a row collapse into one (a slider drag).
    void setValue(const sim::KeySpec& key, const sim::Value& value, int mergeId = -1);
    // Several keys as one undo step (e.g. a sweep point).
    void setValues(const std::vector<std::pair<const sim::KeySpec*, sim::Value>>& values, const QString& description);

    const std::map<std::string, FieldIssue>& issues() const { return issues_; }
    const FieldIssue* issue(std::string_view key) const;
    bool runnable() const { return issues_.empty(); }

    // Used by the undo commands only.
    void assign(const sim::KeySpec& key, const sim::Value& value);

signals:
    void configChanged();            // any value changed (edit, undo, redo, open)
    void valueChanged(const QString& key);
    // The keys whose issue appeared, changed or went; not sent when no issue changed, so an edit
    // repaints its own row rather than every row of the editor.
    void issuesChanged(const QStringList& keys);
    void fileChanged();              // path or modified state
    void reset();                    // a different preset was opened

private:
    void replace(const sim::Config& config, std::string text, const QString& path);
    void recheck();
    void announceIssues();

    sim::Config config_;
    std::string savedText_;
    QString path_;
    QUndoStack undo_;
    std::map<std::string, FieldIssue> issues_;
    std::map<std::string, FieldIssue> announced_;  // issues_ as issuesChanged last told
    bool keptComments_ = true;
};

}  // namespace gatetune::ui
