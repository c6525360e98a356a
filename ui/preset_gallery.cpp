#include "ui/preset_gallery.hpp"

#include <QCoreApplication>
#include <QDialogButtonBox>
#include <QDir>
#include <QDirIterator>
#include <QLabel>
#include <QListView>
#include <QPushButton>
#include <QStandardItemModel>
#include <QVBoxLayout>

#include "sim/preset/preset_io.hpp"
#include "sim/preset/preset_search.hpp"
#include "ui/display_path.hpp"

namespace gatetune::ui {

QString presetsDirectory() {
    const auto dirs = sim::preset_directories(QCoreApplication::applicationFilePath().toStdString());
    return dirs.empty() ? QString() : QString::fromStdString(dirs.front().string());
}

PresetGallery::PresetGallery(QWidget* parent) : QDialog(parent) {
    setWindowTitle(tr("Preset gallery"));
    model_ = new QStandardItemModel(this);
    const QString dir = presetsDirectory();
    QStringList paths;
    for (QDirIterator it(dir, {QStringLiteral("*.toml")}, QDir::Files, QDirIterator::Subdirectories); it.hasNext();) paths << it.next();
    paths.sort();
    for (const QString& path : paths) {
        const QString relative = QDir(dir).relativeFilePath(path);
        QString description;
        try {
            const sim::Config c = sim::load_preset(path.toStdString());
            description = QString::fromStdString(c.description);
        } catch (const std::exception& e) {
            description = tr("(does not load: %1)").arg(QString::fromStdString(e.what()).section('\n', 0, 0));
        }
        auto* item = new QStandardItem(QStringLiteral("%1\n%2").arg(relative, description));
        item->setData(path, Qt::UserRole);
        item->setToolTip(description);
        item->setEditable(false);
        model_->appendRow(item);
    }
    view_ = new QListView(this);
    view_->setModel(model_);
    view_->setWordWrap(true);
    view_->setAlternatingRowColors(true);
    view_->setSpacing(2);
    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Open | QDialogButtonBox::Cancel, this);
    const auto accept = [this] {
        const QModelIndex i = view_->currentIndex();
        if (!i.isValid()) return;
        chosen_ = i.data(Qt::UserRole).toString();
        QDialog::accept();
    };
    connect(buttons, &QDialogButtonBox::accepted, this, accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    connect(view_, &QListView::activated, this, accept);
    auto* layout = new QVBoxLayout(this);
    layout->addWidget(new QLabel(dir.isEmpty() ? tr("No presets directory found (set GATETUNE_PRESETS).")
                                               : tr("Shipped presets in %1").arg(displayPath(dir)), this));
    layout->addWidget(view_, 1);
    layout->addWidget(buttons);
    resize(760, 560);
}

}  // namespace gatetune::ui
