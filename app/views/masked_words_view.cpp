// MaskedWordsView: one horizontal bar chart per [MASK], best guess on top and in the accent
// colour that also marks the mask in the sentence above.
#include "masked_words_view.h"

#include "color_scale.h"

#include <QCoreApplication>
#include <QtCharts/QBarCategoryAxis>
#include <QtCharts/QBarSet>
#include <QtCharts/QChart>
#include <QtCharts/QChartView>
#include <QtCharts/QHorizontalBarSeries>
#include <QtCharts/QValueAxis>

#include <QEvent>
#include <QLabel>
#include <QLocale>
#include <QScrollArea>
#include <QSet>
#include <QStackedWidget>
#include <QTextDocument>
#include <QVBoxLayout>

#include <algorithm>
#include <cmath>

namespace maskedwords {

QString candidateLabel(const attnscope::MaskCandidate& candidate) {
    // Byte-level pieces as text (" cat" → "cat"); WordPiece pieces as they are ("##ing").
    const QString text = QString::fromStdString(candidate.text.empty() ? candidate.token : candidate.text).trimmed();
    return text.isEmpty() ? QString::fromStdString(candidate.token) : text;
}

std::vector<MaskBars> maskBarData(const attnscope::EncodeResult& result, const QString& maskToken) {
    std::vector<MaskBars> out;
    const int count = static_cast<int>(result.maskPredictions.size());
    for (int m = 0; m < count; ++m) {
        const auto& prediction = result.maskPredictions[static_cast<std::size_t>(m)];
        MaskBars bars;
        bars.tokenIndex = static_cast<int>(prediction.tokenIndex);
        bars.title = count > 1 ? QCoreApplication::translate("MaskedWordsView", "%4 %1 of %2 (token %3)").arg(m + 1).arg(count).arg(bars.tokenIndex).arg(maskToken)
                               : QCoreApplication::translate("MaskedWordsView", "%2 (token %1)").arg(bars.tokenIndex).arg(maskToken);
        QSet<QString> seen;  // a category axis needs distinct labels
        for (const auto& candidate : prediction.top) {
            QString label = candidateLabel(candidate);
            while (seen.contains(label)) label += QChar(0x200B);  // zero-width space: looks the same
            seen.insert(label);
            bars.labels << label;
            bars.probabilities << static_cast<qreal>(candidate.probability);
        }
        out.push_back(std::move(bars));
    }
    return out;
}

PageState pageState(const Analysis* analysis) {
    if (!analysis) return PageState::NoAnalysis;
    if (!analysis->hasMaskedLm) return PageState::NoMaskedLmHead;
    if (analysis->result.maskPredictions.empty()) return PageState::NoMaskInText;
    return PageState::Predictions;
}

QString stateMessage(PageState state, const QString& modelName, const QString& error, const QString& maskToken) {
    const QString mask = maskToken.toHtmlEscaped();
    const QString model = modelName.isEmpty() ? QString() : QStringLiteral("<b>%1</b>").arg(modelName.toHtmlEscaped());
    switch (state) {
    case PageState::Pending:
        return QCoreApplication::translate("MaskedWordsView", "<p>Loading %1, a model that can guess hidden words…</p>").arg(model);
    case PageState::Failed:
        return QCoreApplication::translate("MaskedWordsView", "<p><b>The masked-word model %1 could not be used.</b></p><p>%2</p>")
            .arg(model, error.toHtmlEscaped());
    case PageState::NoAnalysis:
        return QCoreApplication::translate("MaskedWordsView", "<p>Type a sentence with <b>%1</b> in place of a word, for example "
                              "<i>The %1 sat on the mat.</i>, and the model's guesses for the hidden word "
                              "appear here.</p>").arg(mask);
    case PageState::NoMaskedLmHead:
        return QCoreApplication::translate("MaskedWordsView", "<p><b>This model cannot guess hidden words.</b></p>"
                              "<p>The model %1 has no <i>masked-language-model head</i>: it was saved without the "
                              "layer that turns its last hidden state back into words, so it only gives "
                              "attentions.</p>"
                              "<p>To see guesses, load a model that has such a head, for example the built-in "
                              "<b>minilm-mlm</b>, and run the sentence again.</p>")
            .arg(model);
    case PageState::NoMaskInText:
        return QCoreApplication::translate("MaskedWordsView", "<p><b>There is no %1 in this sentence.</b></p>"
                              "<p>Hide a word so the model has something to guess: type <b>%1</b> in place of "
                              "a word, for example <i>The %1 sat on the mat.</i></p>"
                              "<p>Or right-click a word in another view and choose <b>Mask this word</b>.</p>").arg(mask);
    case PageState::Predictions: break;
    }
    return {};
}

QString sentenceHtml(const attnscope::EncodeResult& result, bool fillTopGuess, const QColor& highlight) {
    const QList<uint> text = QString::fromStdString(result.text).toUcs4();
    const auto piece = [&](std::size_t begin, std::size_t end) {
        begin = std::min<std::size_t>(begin, static_cast<std::size_t>(text.size()));
        end = std::clamp<std::size_t>(end, begin, static_cast<std::size_t>(text.size()));
        const auto* data = reinterpret_cast<const char32_t*>(text.constData());
        return QString::fromUcs4(data + begin, static_cast<qsizetype>(end - begin)).toHtmlEscaped();
    };
    const double luma = 0.299 * highlight.red() + 0.587 * highlight.green() + 0.114 * highlight.blue();
    const QString ink = luma > 140 ? QStringLiteral("#000000") : QStringLiteral("#ffffff");
    const std::size_t masks = result.maskPredictions.size();
    QString html;
    std::size_t at = 0;
    for (std::size_t m = 0; m < masks; ++m) {
        const auto& prediction = result.maskPredictions[m];
        if (prediction.tokenIndex >= result.tokens.size()) continue;
        const auto& token = result.tokens[prediction.tokenIndex];
        if (token.charBegin < at) continue;
        html += piece(at, token.charBegin);
        QString word;
        if (fillTopGuess && !prediction.top.empty()) {
            word = candidateLabel(prediction.top.front());
            if (word.startsWith(QStringLiteral("##"))) word.remove(0, 2);
            word = word.toHtmlEscaped();
        } else {
            word = token.charEnd > token.charBegin ? piece(token.charBegin, token.charEnd)
                                                   : QString::fromStdString(token.piece).toHtmlEscaped();
        }
        const QString number = masks > 1 ? QStringLiteral("<sub>%1</sub>").arg(m + 1) : QString();
        html +=
            QStringLiteral("<span style=\"background-color:%1; color:%2; font-weight:bold\">&nbsp;%3%4&nbsp;</span>")
                .arg(highlight.name(), ink, word, number);
        at = token.charEnd;
    }
    html += piece(at, static_cast<std::size_t>(text.size()));
    return html;
}

QString comparisonHtml(const attnscope::EncodeResult& ablated, const attnscope::EncodeResult& allOn,
                       const std::set<std::pair<int, int>>& switchedOff) {
    const auto& now = ablated.maskPredictions;
    const auto& before = allOn.maskPredictions;
    if (switchedOff.empty() || ablated.text != allOn.text || now.size() != before.size() || now.empty()) return {};
    const auto percent = [](double p) { return QLocale().toString(100.0 * p, 'f', 1) + QStringLiteral(" %"); };
    const auto word = [](const attnscope::MaskCandidate& c) { return candidateLabel(c).toHtmlEscaped(); };
    QStringList heads;
    for (const auto& [layer, head] : switchedOff) heads << QStringLiteral("%1:%2").arg(layer).arg(head);
    QString html = QCoreApplication::translate("MaskedWordsView", "<b>Heads switched off: %1.</b> Compared with every head on:")
                       .arg(heads.join(QStringLiteral(", ")));
    const bool several = now.size() > 1;
    for (std::size_t m = 0; m < now.size(); ++m) {
        if (now[m].tokenIndex != before[m].tokenIndex || now[m].top.empty() || before[m].top.empty()) return {};
        const auto& was = before[m].top.front();
        const auto& is = now[m].top.front();
        QString line = several ? QCoreApplication::translate("MaskedWordsView", "[MASK] %1: ").arg(m + 1) : QString();
        line += QCoreApplication::translate("MaskedWordsView", "every head on <b>%1</b> %2 → now <b>%3</b> %4")
                    .arg(word(was), percent(was.probability), word(is), percent(is.probability));
        if (was.id != is.id) {
            // Where the former best guess went: its probability now, when still among the guesses.
            QString where = QCoreApplication::translate("MaskedWordsView", "no longer among the top %1").arg(now[m].top.size());
            for (const auto& c : now[m].top)
                if (c.id == was.id) where = QCoreApplication::translate("MaskedWordsView", "“%1” now %2").arg(word(c), percent(c.probability));
            line += QCoreApplication::translate("MaskedWordsView", " (<b>changed</b>; %1)").arg(where);
        } else {
            line += QCoreApplication::translate("MaskedWordsView", " (same word)");
        }
        html += QStringLiteral("<br>") + line;
    }
    return html;
}

double axisMaxPercent(double maxProbability) {
    const double withRoom = std::clamp(maxProbability, 0.0, 1.0) * 100.0 * 1.18;
    return std::clamp(std::ceil(withRoom / 10.0) * 10.0, 10.0, 100.0);
}

}  // namespace maskedwords

namespace {

QColor accentColour(bool dark) { return dark ? QColor(240, 170, 20) : QColor(255, 190, 30); }
QColor barColour(bool dark) { return dark ? QColor(95, 140, 200) : QColor(90, 125, 175); }

}  // namespace

MaskedWordsView::MaskedWordsView(QWidget* parent) : AttentionView(parent) {
    auto* layout = new QVBoxLayout(this);

    model_ = new QLabel(this);
    model_->setTextFormat(Qt::RichText);
    model_->setWordWrap(true);
    layout->addWidget(model_);

    caption_ = new QLabel(this);
    caption_->setWordWrap(true);
    caption_->setText(QCoreApplication::translate("MaskedWordsView", 
        "The model reads the whole sentence, both sides of the gap, and guesses the hidden word. Each bar is one "
        "guess; its length is how likely the model thinks it is (probability). Pieces that start with ## "
        "continue a word."));
    layout->addWidget(caption_);

    sentence_ = new QLabel(this);
    sentence_->setTextFormat(Qt::RichText);
    sentence_->setWordWrap(true);
    layout->addWidget(sentence_);

    bestGuess_ = new QLabel(this);
    bestGuess_->setTextFormat(Qt::RichText);
    bestGuess_->setWordWrap(true);
    layout->addWidget(bestGuess_);

    comparisonLine_ = new QLabel(this);
    comparisonLine_->setTextFormat(Qt::RichText);
    comparisonLine_->setWordWrap(true);
    comparisonLine_->hide();
    layout->addWidget(comparisonLine_);

    pages_ = new QStackedWidget(this);
    message_ = new QLabel(pages_);
    message_->setTextFormat(Qt::RichText);
    message_->setWordWrap(true);
    message_->setAlignment(Qt::AlignHCenter | Qt::AlignTop);
    message_->setMargin(40);
    pages_->addWidget(message_);
    relayout();  // the larger fonts

    scroll_ = new QScrollArea(pages_);
    scroll_->setWidgetResizable(true);
    scroll_->setFrameShape(QFrame::NoFrame);
    chartsHolder_ = new QWidget(scroll_);
    chartsLayout_ = new QVBoxLayout(chartsHolder_);
    chartsLayout_->setContentsMargins(0, 0, 0, 0);
    scroll_->setWidget(chartsHolder_);
    pages_->addWidget(scroll_);
    layout->addWidget(pages_, 1);

    rebuild();
}

void MaskedWordsView::setAnalysis(AnalysisPtr analysis) {
    analysis_ = std::move(analysis);
    modelName_ = analysis_ ? analysis_->modelName : QString();
    pending_ = failed_ = false;
    rebuild();
}

void MaskedWordsView::setComparison(AnalysisPtr allHeadsOn) {
    if (allHeadsOn == comparison_) return;
    comparison_ = std::move(allHeadsOn);
    rebuild();
}

QString MaskedWordsView::comparisonText() const {
    if (comparisonLine_->isHidden()) return {};
    QTextDocument doc;
    doc.setHtml(comparisonLine_->text());
    return doc.toPlainText();
}

void MaskedWordsView::setPending(const QString& modelName) {
    if (analysis_ && analysis_->modelName != modelName) analysis_.reset();  // another model's guesses
    modelName_ = modelName;
    pending_ = true;
    failed_ = false;
    rebuild();
}

void MaskedWordsView::setFailed(const QString& modelName, const QString& error) {
    analysis_.reset();
    modelName_ = modelName;
    error_ = error;
    pending_ = false;
    failed_ = true;
    rebuild();
}

void MaskedWordsView::setModelNote(const QString& html) {
    if (html == modelNote_) return;
    modelNote_ = html;
    model_->setText(modelLine());
}

QString MaskedWordsView::modelLine() const {
    if (modelName_.isEmpty()) return {};
    QString line = tr("Guesses by <b>%1</b>").arg(modelName_.toHtmlEscaped());
    if (!modelNote_.isEmpty()) line += QStringLiteral(" \u00b7 ") + modelNote_;
    return line;
}

QString MaskedWordsView::message() const {
    return state_ == maskedwords::PageState::Predictions ? QString() : message_->text();
}

void MaskedWordsView::relayout() {
    // Larger text for the sentence and the guesses, relative to the view's font, so that they
    // follow it (presentation mode scales the application font).
    auto scaled = [this](double k) {
        QFont f = font();
        f.setPointSizeF(f.pointSizeF() * k);
        return f;
    };
    sentence_->setFont(scaled(1.6));
    bestGuess_->setFont(scaled(1.25));
    comparisonLine_->setFont(scaled(1.1));
    message_->setFont(scaled(1.25));
}

void MaskedWordsView::rebuild() {
    using namespace maskedwords;
    state_ = failed_ ? PageState::Failed : pending_ && !analysis_ ? PageState::Pending : pageState(analysis_.get());
    model_->setText(modelLine());
    model_->setVisible(!modelName_.isEmpty() && state_ != PageState::NoAnalysis);
    const QString mask = analysis_ && !analysis_->maskToken.isEmpty() ? analysis_->maskToken : QStringLiteral("[MASK]");
    bars_ = state_ == PageState::Predictions ? maskBarData(analysis_->result, mask) : std::vector<MaskBars>{};

    for (QChartView* view : std::as_const(chartViews_)) delete view;  // not deleteLater: no stale chart may show
    chartViews_.clear();
    while (QLayoutItem* item = chartsLayout_->takeAt(0)) delete item;

    const bool dark = colors::isDark(palette());
    const QColor accent = accentColour(dark);
    caption_->setVisible(state_ == PageState::Predictions);
    sentence_->setVisible(analysis_ != nullptr);
    bestGuess_->setVisible(state_ == PageState::Predictions);
    comparisonLine_->setVisible(false);
    if (analysis_) sentence_->setText(sentenceHtml(analysis_->result, false, accent));

    if (state_ != PageState::Predictions) {
        message_->setText(stateMessage(state_, modelName_, error_, mask));
        pages_->setCurrentWidget(message_);
        return;
    }

    bestGuess_->setText(QCoreApplication::translate("MaskedWordsView", "Best guess: ") + sentenceHtml(analysis_->result, true, accent));
    const QString comparison =
        comparison_ ? comparisonHtml(analysis_->result, comparison_->result, analysis_->ablatedHeads) : QString();
    comparisonLine_->setText(comparison);
    comparisonLine_->setVisible(!comparison.isEmpty());
    double maxProbability = 0.0;  // one scale for every chart, so bars compare across masks
    for (const MaskBars& bars : bars_)
        for (qreal p : bars.probabilities) maxProbability = std::max<double>(maxProbability, p);
    for (const MaskBars& bars : bars_) {
        QChartView* view = makeChart(bars, axisMaxPercent(maxProbability));
        chartViews_ << view;
        chartsLayout_->addWidget(view, 1);
    }
    pages_->setCurrentWidget(scroll_);
}

QChartView* MaskedWordsView::makeChart(const maskedwords::MaskBars& bars, double axisMax) const {
    const bool dark = colors::isDark(palette());
    auto* chart = new QChart;
    chart->setLocalizeNumbers(true);  // "0,5" in the German interface
    chart->setTheme(dark ? QChart::ChartThemeDark : QChart::ChartThemeLight);
    chart->setAnimationOptions(QChart::NoAnimation);
    chart->legend()->hide();
    chart->setTitle(bars.title.toHtmlEscaped());  // a title is rich text: "<mask>" must show
    QFont titleFont = font();
    titleFont.setBold(true);
    titleFont.setPointSizeF(titleFont.pointSizeF() * 1.15);
    chart->setTitleFont(titleFont);
    chart->setMargins(QMargins(4, 4, 16, 4));
    chart->setBackgroundRoundness(0);

    auto* set = new QBarSet(QCoreApplication::translate("MaskedWordsView", "probability"));
    // A horizontal bar chart draws its first category at the bottom: append worst first so the
    // best guess is on top (QAbstractAxis::setReverse is ignored for bar category axes).
    QStringList labels;
    for (qsizetype i = bars.probabilities.size() - 1; i >= 0; --i) {
        *set << bars.probabilities[i] * 100.0;
        labels << bars.labels.value(i);
    }
    set->setColor(barColour(dark));
    set->setBorderColor(Qt::transparent);
    set->setSelectedColor(accentColour(dark));
    set->setLabelColor(palette().color(QPalette::WindowText));
    if (set->count() > 0) set->selectBar(set->count() - 1);  // the best guess, in the mask's colour

    auto* series = new QHorizontalBarSeries;
    series->append(set);
    series->setBarWidth(0.65);
    series->setLabelsVisible(true);
    series->setLabelsPosition(QAbstractBarSeries::LabelsOutsideEnd);
    series->setLabelsFormat(QStringLiteral("@value %"));
    series->setLabelsPrecision(3);
    chart->addSeries(series);

    QFont wordFont = font();
    wordFont.setPointSizeF(wordFont.pointSizeF() * 1.25);
    auto* words = new QBarCategoryAxis;
    words->append(labels);
    words->setLabelsFont(wordFont);
    words->setGridLineVisible(false);
    chart->addAxis(words, Qt::AlignLeft);
    series->attachAxis(words);

    auto* percent = new QValueAxis;
    percent->setRange(0.0, axisMax);
    percent->setLabelFormat(QStringLiteral("%d %"));
    percent->setTitleText(QCoreApplication::translate("MaskedWordsView", "probability the model gives this word (%)"));
    percent->setTickType(QValueAxis::TicksDynamic);
    percent->setTickAnchor(0.0);
    percent->setTickInterval(percent->max() > 50 ? 10.0 : (percent->max() > 20 ? 5.0 : 2.0));
    chart->addAxis(percent, Qt::AlignBottom);
    series->attachAxis(percent);

    auto* view = new QChartView(chart, chartsHolder_);
    view->setRenderHint(QPainter::Antialiasing);
    view->setMinimumHeight(std::max(220, 90 + 34 * static_cast<int>(bars.labels.size())));
    return view;
}
