// File › Export › Animation…: what to animate (the translation's steps or a layer sweep of the
// heatmap), the frame size, the time per frame and the format (animated GIF or PNG files).
// The choices are remembered. GUI thread only.
#pragma once

#include "main_window.h"

#include <QDialog>

class QComboBox;
class QDoubleSpinBox;
class QLabel;
class QSpinBox;

class AnimationDialog : public QDialog {
    Q_OBJECT
public:
    explicit AnimationDialog(QWidget* parent = nullptr);

    // Frames each kind would have now (0: not available, with the reason shown).
    void setAvailable(int translationSteps, int layers);
    MainWindow::AnimationKind kind() const;
    QSize frameSize() const;
    int delayMs() const;
    bool gif() const;

    void accept() override;

private:
    void updateNote();

    QComboBox* kind_ = nullptr;
    QSpinBox* width_ = nullptr;
    QSpinBox* height_ = nullptr;
    QDoubleSpinBox* seconds_ = nullptr;
    QComboBox* format_ = nullptr;
    QLabel* note_ = nullptr;
    int steps_ = 0, layers_ = 0;
};
