// Animations for slides (File › Export › Animation…): a sequence of rendered frames written as
// an animated GIF (Debian's giflib: LZW encoding, a 256-colour median-cut palette per frame,
// looping) or as numbered PNG files. The frames come from a callback, so the views decide what
// frame t shows (the translation's step t, the heatmap's layer t). readGif() decodes a GIF back
// (tests, and a check that what was written is readable). GUI thread only.
#pragma once

#include <QImage>
#include <QSize>
#include <QString>
#include <QStringList>

#include <functional>
#include <vector>

class QWidget;

namespace animation {

// Frame i of count (0-based).
using FrameSource = std::function<QImage(int frame)>;
// Called after each frame with the number done; false cancels (nothing is left behind).
using Progress = std::function<bool(int done, int count)>;

// Writes count frames to path as a GIF that loops forever, delayMs between frames (GIF keeps
// hundredths of a second; at least 2). Frames are scaled to the first frame's size if they
// differ. Written to path + ".part" and renamed at the end: an existing file is only replaced
// by a complete one. Returns an error message, "" on success, or "cancelled".
QString writeGif(const QString& path, int count, const FrameSource& frame, int delayMs, const Progress& progress = {});

// Writes count frames as BASE-001.png, BASE-002.png, … beside path (path "dir/sweep.png" gives
// "dir/sweep-001.png"); files already there with those names are replaced. *written lists them.
QString writePngSequence(const QString& path, int count, const FrameSource& frame, const Progress& progress = {},
                         QStringList* written = nullptr);

struct Decoded {
    std::vector<QImage> frames;  // RGB32, the GIF's size
    std::vector<int> delaysMs;
    bool loops = false;  // the NETSCAPE2.0 loop extension is there
    QString error;       // "" when the file was read
};
Decoded readGif(const QString& path);

// The widget drawn at size (it is resized for the drawing and given its size back): the same
// pixels at any window size.
QImage renderAt(QWidget* widget, const QSize& size);

// How alike two images of the same size are: the mean absolute difference of their channels,
// 0 (same) to 255. Different sizes give 255.
double meanDifference(const QImage& a, const QImage& b);

}  // namespace animation
