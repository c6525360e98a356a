#include "ui/job_message.hpp"

#include <QColor>

#include "ui/verdict_colours.hpp"

namespace gatetune::ui {

QLabel* makeMessageLine(const QString& objectName, QWidget* parent) {
    auto* message = new QLabel(parent);
    message->setObjectName(objectName);
    message->setWordWrap(true);
    message->setTextFormat(Qt::PlainText);
    message->setTextInteractionFlags(Qt::TextSelectableByMouse);
    return message;
}

QString showFailure(QLabel* message, const QString& error) {
    message->setStyleSheet(QStringLiteral("QLabel { background: %1; padding: 4px; }").arg(failTint().color().name(QColor::HexArgb)));
    message->setText(error);
    return error.section(QLatin1Char('\n'), 0, 0);
}

}  // namespace gatetune::ui
