// readTextLines through zlib's gz reader, which passes plain files through unchanged.
#include "attnscope/text_lines.h"

#include "attnscope/errors.h"

#include <zlib.h>

namespace attnscope {

std::vector<std::string> readTextLines(const std::string& path, bool keepEmptyLines) {
    gzFile in = gzopen(path.c_str(), "rb");  // reads plain files too
    if (!in) throw ModelFileError("Cannot open text file '" + path + "'");
    std::vector<std::string> lines;
    std::string line;
    char buffer[8192];
    while (gzgets(in, buffer, sizeof buffer)) {
        line += buffer;
        if (!line.empty() && line.back() == '\n') {
            while (!line.empty() && (line.back() == '\n' || line.back() == '\r')) line.pop_back();
            if (keepEmptyLines || !line.empty()) lines.push_back(line);
            line.clear();
        }
    }
    int err = 0;
    gzerror(in, &err);
    gzclose(in);
    if (err != Z_OK && err != Z_STREAM_END) throw ModelFileError("Cannot read '" + path + "': corrupt gzip data");
    if (!line.empty()) lines.push_back(line);
    return lines;
}

}  // namespace attnscope
