#pragma once
// The message line of a view that runs a background job (diagnose, calibrate): a failure shown in
// the reader's own words (file:line, what is wrong, what is allowed) on the failure tint.
#include <QLabel>
#include <QString>

namespace gatetune::ui {

// The message line itself: wrapped plain text the user can select and copy.
QLabel* makeMessageLine(const QString& objectName, QWidget* parent);

// Shows `error` on `message`; returns its first line, for the status bar.
QString showFailure(QLabel* message, const QString& error);

}  // namespace gatetune::ui
