// Reading a text file line by line (.gz transparently): training corpora, evaluation sets and
// the CLI's --input files, for every model family.
#pragma once

#include <string>
#include <vector>

namespace attnscope {

// Lines of a text file (.gz read transparently), without line ends. Empty lines are skipped
// unless keepEmptyLines (parallel text, where line n of one file pairs with line n of another).
// Throws ModelFileError when the file cannot be read.
std::vector<std::string> readTextLines(const std::string& path, bool keepEmptyLines = false);

}  // namespace attnscope
