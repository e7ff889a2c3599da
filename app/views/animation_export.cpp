// Animated GIF and PNG-sequence export (see animation_export.h).
#include "animation_export.h"

#include <QCoreApplication>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QPainter>
#include <QScrollArea>
#include <QWidget>

#include <gif_lib.h>

#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cmath>
#include <cstring>

namespace animation {
namespace {

QString tr(const char* text) { return QCoreApplication::translate("animation", text); }

QString gifError(int code) {
    const char* s = GifErrorString(code);
    return s ? QString::fromLatin1(s) : tr("error %1").arg(code);
}

// Writes one frame: a graphics control block (the delay) and the image with its own palette.
bool putFrame(GifFileType* gif, const QImage& rgb, int delayCs) {
    const int w = rgb.width(), h = rgb.height();
    const std::size_t n = static_cast<std::size_t>(w) * static_cast<std::size_t>(h);
    std::vector<GifByteType> r(n), g(n), b(n), indices(n);
    for (int y = 0; y < h; ++y) {
        const auto* line = reinterpret_cast<const QRgb*>(rgb.constScanLine(y));
        for (int x = 0; x < w; ++x) {
            const std::size_t i = static_cast<std::size_t>(y) * static_cast<std::size_t>(w) + static_cast<std::size_t>(x);
            r[i] = static_cast<GifByteType>(qRed(line[x]));
            g[i] = static_cast<GifByteType>(qGreen(line[x]));
            b[i] = static_cast<GifByteType>(qBlue(line[x]));
        }
    }
    int colours = 256;
    GifColorType palette[256];
    std::memset(palette, 0, sizeof palette);
    if (GifQuantizeBuffer(static_cast<unsigned>(w), static_cast<unsigned>(h), &colours, r.data(), g.data(), b.data(),
                          indices.data(), palette) == GIF_ERROR)
        return false;
    // giflib's median cut keeps 5 bits per channel (white comes back as 248, 248, 248): give each
    // palette entry the mean of the true colours it stands for.
    std::vector<double> sums(256 * 3, 0.0);
    std::vector<std::size_t> counts(256, 0);
    for (std::size_t i = 0; i < n; ++i) {
        const std::size_t k = indices[i];
        sums[3 * k] += r[i];
        sums[3 * k + 1] += g[i];
        sums[3 * k + 2] += b[i];
        ++counts[k];
    }
    for (std::size_t k = 0; k < 256; ++k)
        if (counts[k] > 0) {
            const double c = static_cast<double>(counts[k]);
            palette[k].Red = static_cast<GifByteType>(std::lround(sums[3 * k] / c));
            palette[k].Green = static_cast<GifByteType>(std::lround(sums[3 * k + 1] / c));
            palette[k].Blue = static_cast<GifByteType>(std::lround(sums[3 * k + 2] / c));
        }
    ColorMapObject* map = GifMakeMapObject(256, palette);
    if (!map) return false;
    GraphicsControlBlock gcb{};
    gcb.DisposalMode = DISPOSE_DO_NOT;
    gcb.UserInputFlag = false;
    gcb.DelayTime = delayCs;
    gcb.TransparentColor = NO_TRANSPARENT_COLOR;
    GifByteType extension[4];
    const std::size_t length = EGifGCBToExtension(&gcb, extension);
    bool ok = EGifPutExtension(gif, GRAPHICS_EXT_FUNC_CODE, static_cast<int>(length), extension) == GIF_OK &&
              EGifPutImageDesc(gif, 0, 0, w, h, false, map) == GIF_OK;
    for (int y = 0; ok && y < h; ++y)
        ok = EGifPutLine(gif, indices.data() + static_cast<std::size_t>(y) * static_cast<std::size_t>(w), w) == GIF_OK;
    GifFreeMapObject(map);
    return ok;
}

QImage asRgb(const QImage& image, const QSize& size) {
    QImage out = image.convertToFormat(QImage::Format_RGB32);
    if (!size.isEmpty() && out.size() != size)
        out = out.scaled(size, Qt::IgnoreAspectRatio, Qt::SmoothTransformation);
    return out;
}

}  // namespace

QString writeGif(const QString& path, int count, const FrameSource& frame, int delayMs, const Progress& progress) {
    if (count <= 0) return tr("there is nothing to animate");
    const QString part = path + QStringLiteral(".part");
    int error = 0;
    // Opened here rather than by giflib, which would make the file private (0600): the umask applies.
    const int fd = ::open(QFile::encodeName(part).constData(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0666);
    if (fd < 0) return tr("Cannot write %1: %2").arg(path, QString::fromLocal8Bit(std::strerror(errno)));
    GifFileType* gif = EGifOpenFileHandle(fd, &error);  // closes fd from now on
    if (!gif) {
        ::close(fd);
        QFile::remove(part);
        return tr("Cannot write %1: %2").arg(path, gifError(error));
    }
    auto fail = [&](const QString& why) {
        int ignored = 0;
        EGifCloseFile(gif, &ignored);
        QFile::remove(part);
        return why;
    };
    EGifSetGifVersion(gif, true);
    const int delayCs = std::max(2, (delayMs + 5) / 10);
    QSize size;
    for (int i = 0; i < count; ++i) {
        const QImage image = asRgb(frame(i), size);
        if (image.isNull()) return fail(tr("frame %1 could not be drawn").arg(i + 1));
        if (i == 0) {
            size = image.size();
            if (EGifPutScreenDesc(gif, size.width(), size.height(), 8, 0, nullptr) == GIF_ERROR)
                return fail(tr("Cannot write %1: %2").arg(path, gifError(gif->Error)));
            // Loop forever (the NETSCAPE2.0 application extension every browser honours).
            static const GifByteType loop[3] = {1, 0, 0};
            if (EGifPutExtensionLeader(gif, APPLICATION_EXT_FUNC_CODE) == GIF_ERROR ||
                EGifPutExtensionBlock(gif, 11, "NETSCAPE2.0") == GIF_ERROR ||
                EGifPutExtensionBlock(gif, 3, loop) == GIF_ERROR || EGifPutExtensionTrailer(gif) == GIF_ERROR)
                return fail(tr("Cannot write %1: %2").arg(path, gifError(gif->Error)));
        }
        if (!putFrame(gif, image, delayCs)) return fail(tr("Cannot write %1: %2").arg(path, gifError(gif->Error)));
        if (progress && !progress(i + 1, count)) return fail(QStringLiteral("cancelled"));
    }
    if (EGifCloseFile(gif, &error) == GIF_ERROR) {
        QFile::remove(part);
        return tr("Cannot write %1: %2").arg(path, gifError(error));
    }
    QFile::remove(path);
    if (!QFile::rename(part, path)) {
        QFile::remove(part);
        return tr("Cannot write %1").arg(path);
    }
    return {};
}

QString writePngSequence(const QString& path, int count, const FrameSource& frame, const Progress& progress,
                         QStringList* written) {
    if (count <= 0) return tr("there is nothing to animate");
    const QFileInfo info(path);
    const QString base = info.dir().filePath(info.suffix().compare("png", Qt::CaseInsensitive) == 0
                                                 ? info.completeBaseName()
                                                 : info.fileName());
    const int digits = std::max(3, static_cast<int>(QString::number(count).size()));
    QStringList files;
    QSize size;
    for (int i = 0; i < count; ++i) {
        const QImage image = asRgb(frame(i), size);
        if (i == 0) size = image.size();
        const QString file = QStringLiteral("%1-%2.png").arg(base).arg(i + 1, digits, 10, QLatin1Char('0'));
        if (image.isNull() || !image.save(file, "PNG")) {
            for (const QString& f : files) QFile::remove(f);
            return tr("Cannot write %1").arg(file);
        }
        files << file;
        if (progress && !progress(i + 1, count)) {
            for (const QString& f : files) QFile::remove(f);
            return QStringLiteral("cancelled");
        }
    }
    if (written) *written = files;
    return {};
}

Decoded readGif(const QString& path) {
    Decoded out;
    int error = 0;
    GifFileType* gif = DGifOpenFileName(QFile::encodeName(path).constData(), &error);
    if (!gif) {
        out.error = tr("Cannot read %1: %2").arg(path, gifError(error));
        return out;
    }
    if (DGifSlurp(gif) == GIF_ERROR) {
        out.error = tr("Cannot read %1: %2").arg(path, gifError(gif->Error));
        DGifCloseFile(gif, &error);
        return out;
    }
    const int width = gif->SWidth, height = gif->SHeight;
    QImage canvas(width, height, QImage::Format_RGB32);
    canvas.fill(Qt::black);
    for (int i = 0; i < gif->ImageCount; ++i) {
        const SavedImage& image = gif->SavedImages[i];
        for (int e = 0; e < image.ExtensionBlockCount; ++e) {
            const ExtensionBlock& block = image.ExtensionBlocks[e];
            if (block.Function == APPLICATION_EXT_FUNC_CODE && block.ByteCount == 11 &&
                std::memcmp(block.Bytes, "NETSCAPE2.0", 11) == 0)
                out.loops = true;
        }
        const ColorMapObject* map = image.ImageDesc.ColorMap ? image.ImageDesc.ColorMap : gif->SColorMap;
        const GifImageDesc& d = image.ImageDesc;
        if (!map || d.Left < 0 || d.Top < 0 || d.Left + d.Width > width || d.Top + d.Height > height) {
            out.error = tr("Cannot read %1: frame %2 has no colours or lies outside the picture").arg(path).arg(i + 1);
            break;
        }
        for (int y = 0; y < d.Height; ++y) {
            auto* line = reinterpret_cast<QRgb*>(canvas.scanLine(d.Top + y));
            for (int x = 0; x < d.Width; ++x) {
                const int index = image.RasterBits[static_cast<std::size_t>(y) * static_cast<std::size_t>(d.Width) +
                                                   static_cast<std::size_t>(x)];
                if (index >= map->ColorCount) continue;
                const GifColorType& c = map->Colors[index];
                line[d.Left + x] = qRgb(c.Red, c.Green, c.Blue);
            }
        }
        GraphicsControlBlock gcb{};
        out.delaysMs.push_back(DGifSavedExtensionToGCB(gif, i, &gcb) == GIF_OK ? gcb.DelayTime * 10 : 0);
        out.frames.push_back(canvas.copy());
    }
    DGifCloseFile(gif, &error);
    return out;
}

QImage renderAt(QWidget* widget, const QSize& size) {
    // A page inside a resizable scroll area is given the area's size back at once: let go of it
    // for the drawing.
    QScrollArea* area = nullptr;
    for (QWidget* p = widget->parentWidget(); p && !area; p = p->parentWidget())
        if (auto* a = qobject_cast<QScrollArea*>(p); a && a->widget() == widget) area = a;
    const bool resizable = area && area->widgetResizable();
    if (resizable) area->setWidgetResizable(false);
    const QSize old = widget->size();
    widget->resize(size);
    // A view that needs more room than the frame (its minimum size) is drawn whole and shrunk
    // into the frame.
    const QSize drawn = widget->size();
    const QColor background = widget->palette().color(widget->backgroundRole());
    QImage image(drawn, QImage::Format_RGB32);
    image.fill(background);
    {
        QPainter p(&image);
        widget->render(&p, QPoint(), QRegion(), QWidget::DrawWindowBackground | QWidget::DrawChildren);
    }
    widget->resize(old);
    if (resizable) area->setWidgetResizable(true);
    if (drawn == size) return image;
    QImage frame(size, QImage::Format_RGB32);
    frame.fill(background);
    const QImage fitted = image.scaled(size, Qt::KeepAspectRatio, Qt::SmoothTransformation);
    QPainter(&frame).drawImage(QPoint((size.width() - fitted.width()) / 2, 0), fitted);
    return frame;
}

double meanDifference(const QImage& a, const QImage& b) {
    if (a.size() != b.size() || a.isNull()) return 255.0;
    const QImage x = a.convertToFormat(QImage::Format_RGB32), y = b.convertToFormat(QImage::Format_RGB32);
    double sum = 0;
    for (int row = 0; row < x.height(); ++row) {
        const auto* p = reinterpret_cast<const QRgb*>(x.constScanLine(row));
        const auto* q = reinterpret_cast<const QRgb*>(y.constScanLine(row));
        for (int c = 0; c < x.width(); ++c)
            sum += std::abs(qRed(p[c]) - qRed(q[c])) + std::abs(qGreen(p[c]) - qGreen(q[c])) +
                   std::abs(qBlue(p[c]) - qBlue(q[c]));
    }
    return sum / (3.0 * x.width() * x.height());
}

}  // namespace animation
