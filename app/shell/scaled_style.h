// Presentation mode scales fonts; this style scales what the style draws at a fixed pixel size
// with them — check boxes, radio buttons, spin-box arrows, scroll bars, icons, dock-title
// buttons, frames and focus lines — so that controls stay in proportion to 200 % text. A
// QProxyStyle over the application's style; setScale(1) is the style unchanged. GUI thread.
#pragma once

#include <QProxyStyle>

class ScaledStyle : public QProxyStyle {
    Q_OBJECT
public:
    explicit ScaledStyle(QStyle* base = nullptr) : QProxyStyle(base) {}

    void setScale(double scale) { scale_ = scale; }
    double scale() const { return scale_; }

    int pixelMetric(PixelMetric metric, const QStyleOption* option = nullptr,
                    const QWidget* widget = nullptr) const override;

private:
    double scale_ = 1.0;
};
