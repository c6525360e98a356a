#include "ui/set_value_command.hpp"

#include "ui/preset_document.hpp"

namespace gatetune::ui {

SetValueCommand::SetValueCommand(PresetDocument& doc, std::vector<Change> changes, const QString& text, int mergeId)
    : QUndoCommand(text), doc_(doc), changes_(std::move(changes)), mergeId_(mergeId) {}

void SetValueCommand::undo() {
    for (auto it = changes_.rbegin(); it != changes_.rend(); ++it) doc_.assign(*it->key, it->before);
}

void SetValueCommand::redo() {
    for (const Change& c : changes_) doc_.assign(*c.key, c.after);
}

// A slider drag is one undo step: later positions of the same key replace the target value.
bool SetValueCommand::mergeWith(const QUndoCommand* other) {
    const auto* o = static_cast<const SetValueCommand*>(other);
    if (o->changes_.size() != 1 || changes_.size() != 1 || o->changes_[0].key != changes_[0].key) return false;
    changes_[0].after = o->changes_[0].after;
    return true;
}

}  // namespace gatetune::ui
