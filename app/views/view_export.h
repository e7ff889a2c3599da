// Export of what the user sees and of the numbers behind it: a widget to PNG (at a chosen
// scale) or SVG exactly as shown, and the attention tensor to a NumPy .npy file.
#pragma once

#include "attnscope/encoder_result.h"

#include <QString>
#include <QWidget>

namespace view_export {

// Renders widget (with its current selection/hover) into a PNG at scale x its logical size.
bool toPng(QWidget* widget, const QString& path, double scale, QString* error = nullptr);
// Renders widget through QSvgGenerator (vector where the widget paints vectors).
bool toSvg(QWidget* widget, const QString& path, const QString& title, QString* error = nullptr);
// Writes attentions as float32 .npy of shape [layers, heads, tokens, tokens] (NumPy format 1.0).
bool attentionToNpy(const attnscope::AttentionStack& a, const QString& path, QString* error = nullptr);
// The .npy header for a C-order float32 array of this shape (exposed for tests).
QByteArray npyHeader(const QVector<qint64>& shape);

}  // namespace view_export
