// AnimationDialog: the export options (see animation_dialog.h).
#include "animation_dialog.h"

#include <QComboBox>

#include <algorithm>
#include <QDialogButtonBox>
#include <QDoubleSpinBox>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QPushButton>
#include <QSettings>
#include <QSpinBox>

AnimationDialog::AnimationDialog(QWidget* parent) : QDialog(parent) {
    setWindowTitle(tr("Export animation"));
    QSettings s;
    kind_ = new QComboBox(this);
    kind_->addItem(tr("Translation, step by step"), int(MainWindow::AnimationKind::TranslationSteps));
    kind_->addItem(tr("Heatmap, layer by layer"), int(MainWindow::AnimationKind::LayerSweep));
    kind_->setCurrentIndex(std::clamp(s.value("animation/kind", 0).toInt(), 0, 1));
    width_ = new QSpinBox(this);
    height_ = new QSpinBox(this);
    for (QSpinBox* box : {width_, height_}) {
        box->setRange(160, 3840);
        box->setSingleStep(10);
        box->setSuffix(tr(" px"));
    }
    width_->setValue(s.value("animation/width", 960).toInt());
    height_->setValue(s.value("animation/height", 600).toInt());
    auto* size = new QHBoxLayout;
    size->addWidget(width_);
    size->addWidget(new QLabel(QStringLiteral("×"), this));
    size->addWidget(height_);
    seconds_ = new QDoubleSpinBox(this);
    seconds_->setRange(0.1, 10.0);
    seconds_->setSingleStep(0.1);
    seconds_->setDecimals(1);
    seconds_->setSuffix(tr(" s"));
    seconds_->setValue(s.value("animation/seconds", 1.0).toDouble());
    format_ = new QComboBox(this);
    format_->addItem(tr("Animated GIF"));
    format_->addItem(tr("Numbered PNG images"));
    format_->setCurrentIndex(std::clamp(s.value("animation/format", 0).toInt(), 0, 1));
    note_ = new QLabel(this);
    note_->setWordWrap(true);
    auto* form = new QFormLayout;
    form->addRow(tr("Animate:"), kind_);
    form->addRow(tr("Frame size:"), size);
    form->addRow(tr("Time per frame:"), seconds_);
    form->addRow(tr("Format:"), format_);
    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Save | QDialogButtonBox::Cancel, this);
    connect(buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    auto* column = new QVBoxLayout(this);
    column->addLayout(form);
    column->addWidget(note_);
    column->addWidget(buttons);
    connect(kind_, &QComboBox::currentIndexChanged, this, &AnimationDialog::updateNote);
    updateNote();
}

void AnimationDialog::setAvailable(int translationSteps, int layers) {
    steps_ = translationSteps;
    layers_ = layers;
    updateNote();
}

MainWindow::AnimationKind AnimationDialog::kind() const {
    return static_cast<MainWindow::AnimationKind>(kind_->currentData().toInt());
}

QSize AnimationDialog::frameSize() const { return {width_->value(), height_->value()}; }
int AnimationDialog::delayMs() const { return static_cast<int>(seconds_->value() * 1000.0 + 0.5); }
bool AnimationDialog::gif() const { return format_->currentIndex() == 0; }

void AnimationDialog::updateNote() {
    const int frames = kind() == MainWindow::AnimationKind::TranslationSteps ? steps_ : layers_;
    auto* save = findChild<QDialogButtonBox*>()->button(QDialogButtonBox::Save);
    save->setEnabled(frames > 0);
    if (frames > 0) note_->setText(tr("%n frame(s), one per %1.", nullptr, frames)
                                       .arg(kind() == MainWindow::AnimationKind::TranslationSteps ? tr("translated token")
                                                                                                  : tr("layer")));
    else note_->setText(kind() == MainWindow::AnimationKind::TranslationSteps
                            ? tr("Translate a sentence in the Translation tab first.")
                            : tr("Run a sentence first: the heatmap of the current tab is animated."));
}

void AnimationDialog::accept() {
    QSettings s;
    s.setValue("animation/kind", kind_->currentIndex());
    s.setValue("animation/width", width_->value());
    s.setValue("animation/height", height_->value());
    s.setValue("animation/seconds", seconds_->value());
    s.setValue("animation/format", format_->currentIndex());
    QDialog::accept();
}
