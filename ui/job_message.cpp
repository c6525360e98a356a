#include "ui/job_message.hpp"

#include <QColor>

#include "ui/verdict_colours.hpp"

namespace gatetune::ui {

QString showFailure(QLabel* message, const QString& error) {
    message->setStyleSheet(QStringLiteral("QLabel { background: %1; padding: 4px; }").arg(failTint().color().name(QColor::HexArgb)));
    message->setText(error);
    return error.section(QLatin1Char('\n'), 0, 0);
}

}  // namespace gatetune::ui
