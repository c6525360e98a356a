#include "ui/preset_document.hpp"

#include <QFile>
#include <QFileInfo>
#include <QSaveFile>

#include "sim/preset/preset_edit.hpp"
#include "sim/preset/preset_io.hpp"
#include "ui/display_path.hpp"
#include "ui/set_value_command.hpp"

namespace gatetune::ui {

namespace {
QString issuesText(const sim::PresetError& e) {
    QStringList lines;
    for (sim::PresetIssue i : e.issues()) {
        i.file = displayPath(QString::fromStdString(i.file)).toStdString();
        lines << QString::fromStdString(i.to_string());
    }
    return lines.join('\n');
}
}  // namespace

PresetDocument::PresetDocument(QObject* parent) : QObject(parent) {
    connect(&undo_, &QUndoStack::cleanChanged, this, &PresetDocument::fileChanged);
    recheck();
}

QString PresetDocument::displayName() const {
    return path_.isEmpty() ? tr("untitled") : QFileInfo(path_).fileName();
}

QString PresetDocument::open(const QString& path) {
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly)) return tr("Cannot read %1: %2").arg(displayPath(path), f.errorString());
    const QByteArray bytes = f.readAll();
    std::string text(bytes.constData(), static_cast<std::size_t>(bytes.size()));
    try {
        const sim::Config config = sim::parse_preset(text, path.toStdString());
        replace(config, std::move(text), path);
    } catch (const sim::PresetError& e) {
        return issuesText(e);
    } catch (const std::exception& e) {
        return tr("Cannot read %1: %2").arg(displayPath(path), QString::fromStdString(e.what()));
    }
    return {};
}

QString PresetDocument::openText(const std::string& text, const QString& sourceName) {
    try {
        replace(sim::parse_preset(text, sourceName.toStdString()), text, QString());
    } catch (const sim::PresetError& e) {
        return issuesText(e);
    } catch (const std::exception& e) {
        return QString::fromStdString(e.what());
    }
    return {};
}

void PresetDocument::newPreset() { replace(sim::Config{}, std::string(), QString()); }

void PresetDocument::replace(const sim::Config& config, std::string text, const QString& path) {
    undo_.clear();
    config_ = config;
    savedText_ = std::move(text);
    path_ = path;
    issues_.clear();
    recheck();
    undo_.setClean();
    emit reset();
    emit configChanged();
    emit fileChanged();
}

std::string PresetDocument::presetText() const {
    return sim::update_preset_text(savedText_, config_, path_.toStdString()).text;
}

QString PresetDocument::save(const QString& path) {
    const sim::PresetText out = sim::update_preset_text(savedText_, config_, path.toStdString());
    // QSaveFile writes a temporary file and renames it: a failed save never truncates the preset.
    QSaveFile f(path);
    if (!f.open(QIODevice::WriteOnly) || f.write(out.text.data(), static_cast<qint64>(out.text.size())) < 0 || !f.commit())
        return tr("Cannot write %1: %2").arg(displayPath(path), f.errorString());
    savedText_ = out.text;
    keptComments_ = out.comments_kept;
    path_ = path;
    undo_.setClean();
    emit fileChanged();
    return {};
}

const FieldIssue* PresetDocument::issue(std::string_view key) const {
    const auto it = issues_.find(std::string(key));
    return it == issues_.end() ? nullptr : &it->second;
}

bool PresetDocument::setValueText(const sim::KeySpec& key, const QString& text) {
    try {
        const sim::Value v = sim::parse_value(key, text.trimmed().toStdString());
        issues_.erase(std::string(key.key));
        if (sim::values_equal(v, key.get(config_))) {
            recheck();
            emit valueChanged(QString::fromUtf8(key.key.data(), static_cast<qsizetype>(key.key.size())));
            return true;
        }
        setValue(key, v);
        return true;
    } catch (const sim::PresetError& e) {
        issues_[std::string(key.key)] = {text, QString::fromStdString(e.message())};
    } catch (const std::exception& e) {
        issues_[std::string(key.key)] = {text, QString::fromStdString(e.what())};
    }
    announceIssues();
    emit valueChanged(QString::fromUtf8(key.key.data(), static_cast<qsizetype>(key.key.size())));
    return false;
}

void PresetDocument::setValue(const sim::KeySpec& key, const sim::Value& value, int mergeId) {
    const QString text = tr("Set %1 = %2").arg(QString::fromUtf8(key.key.data(), static_cast<qsizetype>(key.key.size())),
                                               QString::fromStdString(sim::format_value(value)));
    undo_.push(new SetValueCommand(*this, {{&key, key.get(config_), value}}, text, mergeId));
}

void PresetDocument::setValues(const std::vector<std::pair<const sim::KeySpec*, sim::Value>>& values, const QString& description) {
    std::vector<SetValueCommand::Change> changes;
    for (const auto& [key, value] : values)
        if (!sim::values_equal(value, key->get(config_))) changes.push_back({key, key->get(config_), value});
    if (!changes.empty()) undo_.push(new SetValueCommand(*this, std::move(changes), description, -1));
}

void PresetDocument::assign(const sim::KeySpec& key, const sim::Value& value) {
    key.set(config_, value);
    issues_.erase(std::string(key.key));  // a value was chosen: what was typed before is gone
    recheck();
    emit valueChanged(QString::fromUtf8(key.key.data(), static_cast<qsizetype>(key.key.size())));
    emit configChanged();
}

// The rules over several keys (check_config) are re-evaluated after every change; their issues
// sit at each key they name, beside any text the user typed that did not parse.
void PresetDocument::recheck() {
    for (auto it = issues_.begin(); it != issues_.end();) it = it->second.typed.isEmpty() ? issues_.erase(it) : std::next(it);
    try {
        sim::check_config(config_, path_.isEmpty() ? "untitled" : path_.toStdString());
    } catch (const sim::PresetError& e) {
        for (const sim::PresetIssue& i : e.issues())
            if (!issues_.count(i.key)) issues_[i.key] = {QString(), QString::fromStdString(i.message)};
    }
    announceIssues();
}

void PresetDocument::announceIssues() {
    QStringList changed;
    auto was = announced_.begin();
    auto now = issues_.begin();
    while (was != announced_.end() || now != issues_.end()) {  // both maps are sorted by key
        if (now == issues_.end() || (was != announced_.end() && was->first < now->first)) {
            changed << QString::fromStdString((was++)->first);
        } else if (was == announced_.end() || now->first < was->first) {
            changed << QString::fromStdString((now++)->first);
        } else {
            if (!(was->second == now->second)) changed << QString::fromStdString(now->first);
            ++was, ++now;
        }
    }
    announced_ = issues_;
    if (!changed.isEmpty()) emit issuesChanged(changed);
}

}  // namespace gatetune::ui
