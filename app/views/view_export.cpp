// PNG / SVG / .npy export.
#include "view_export.h"

#include <QFile>
#include <QImage>
#include <QPainter>
#include <QSvgGenerator>

namespace view_export {

bool toPng(QWidget* widget, const QString& path, double scale, QString* error) {
    const QSize size = widget->size() * scale;
    QImage image(size, QImage::Format_ARGB32_Premultiplied);
    image.setDevicePixelRatio(scale);
    image.fill(widget->palette().color(QPalette::Window));
    {
        QPainter painter(&image);
        widget->render(&painter);
    }
    if (!image.save(path, "PNG")) {
        if (error) *error = QObject::tr("Cannot write '%1'").arg(path);
        return false;
    }
    return true;
}

bool toSvg(QWidget* widget, const QString& path, const QString& title, QString* error) {
    QSvgGenerator svg;
    svg.setFileName(path);
    svg.setSize(widget->size());
    svg.setViewBox(QRect(QPoint(0, 0), widget->size()));
    svg.setTitle(title);
    svg.setDescription(QObject::tr("Exported from attnscope"));
    QPainter painter;
    if (!painter.begin(&svg)) {
        if (error) *error = QObject::tr("Cannot write '%1'").arg(path);
        return false;
    }
    painter.fillRect(QRect(QPoint(0, 0), widget->size()), widget->palette().color(QPalette::Window));
    widget->render(&painter);
    painter.end();
    return QFile::exists(path);
}

QByteArray npyHeader(const QVector<qint64>& shape) {
    QByteArray dims;
    for (int i = 0; i < shape.size(); ++i)
        dims += QByteArray::number(shape[i]) + (shape.size() == 1 || i + 1 < shape.size() ? ", " : "");
    if (shape.size() > 1 && dims.endsWith(", ")) dims.chop(2);
    QByteArray dict = "{'descr': '<f4', 'fortran_order': False, 'shape': (" + dims + "), }";
    // magic (6) + version (2) + header length (2) + dict + padding + '\n', total multiple of 64
    const int unpadded = 10 + dict.size() + 1;
    dict += QByteArray((64 - unpadded % 64) % 64, ' ');
    dict += '\n';
    QByteArray header("\x93NUMPY\x01\x00", 8);
    const quint16 len = static_cast<quint16>(dict.size());
    header += static_cast<char>(len & 0xff);
    header += static_cast<char>(len >> 8);
    return header + dict;
}

bool attentionToNpy(const attnscope::AttentionStack& a, const QString& path, QString* error) {
    QFile file(path);
    if (!file.open(QIODevice::WriteOnly)) {
        if (error) *error = QObject::tr("Cannot write '%1': %2").arg(path, file.errorString());
        return false;
    }
    file.write(npyHeader({a.layers, a.heads, a.queries, a.keys}));
    file.write(reinterpret_cast<const char*>(a.values.data()), static_cast<qint64>(a.values.size() * sizeof(float)));
    return file.error() == QFile::NoError;
}

}  // namespace view_export
