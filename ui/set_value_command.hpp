#pragma once
// One undoable edit: a set of preset keys from old values to new ones.
#include <QUndoCommand>

#include <utility>
#include <vector>

#include "sim/preset/config_schema.hpp"

namespace gatetune::ui {

class PresetDocument;

class SetValueCommand : public QUndoCommand {
public:
    struct Change {
        const sim::KeySpec* key;
        sim::Value before;
        sim::Value after;
    };
    SetValueCommand(PresetDocument& doc, std::vector<Change> changes, const QString& text, int mergeId);

    void undo() override;
    void redo() override;
    int id() const override { return mergeId_; }
    bool mergeWith(const QUndoCommand* other) override;

private:
    PresetDocument& doc_;
    std::vector<Change> changes_;
    int mergeId_;
};

}  // namespace gatetune::ui
