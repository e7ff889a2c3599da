// attnscope desktop app: starts the main window on the last (or default) model.
// --screenshot FILE --view NAME renders one view for a text, once that view shows its final
// result, and exits (docs, tests, CI).
#include "encoder_workspace.h"
#include "about_panel.h"
#include "guide.h"
#include "main_window.h"
#include "theme.h"
#include "generation_workspace.h"
#include "translation_workspace.h"
#include "ui_language.h"

#include "attnscope/hub_cache.h"
#include "attnscope/inspection.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QDir>
#include <QFileInfo>
#include <QIcon>
#include <QJsonObject>
#include <QMessageBox>
#include <QScreen>
#include <QSettings>
#include <QTimer>

#include <cstdio>
#include <functional>
#include <set>
#include <memory>

int main(int argc, char** argv) {
    QApplication app(argc, argv);
    QApplication::setOrganizationName("attnscope");
    QApplication::setApplicationName("attnscope");
    Q_INIT_RESOURCE(attnscope);  // resources/attnscope.qrc sits in the static attnscope_app library
    QApplication::setWindowIcon(QIcon(":/icons/attnscope.svg"));
    QGuiApplication::setDesktopFileName(ATTNSCOPE_APP_ID);  // the installed .desktop entry, without ".desktop"

    QCommandLineParser parser;
    parser.setApplicationDescription("attnscope: type a sentence and see what a transformer attends to");
    parser.addHelpOption();
    QCommandLineOption model("model", "Hugging Face checkpoint folder to open, or ORG/NAME in the Hugging Face cache.",
                             "dir");
    QCommandLineOption device("device", "auto, cpu or cuda.", "device");
    QCommandLineOption text("text", "Text to show.", "text");
    QCommandLineOption pair("pair", "Second sentence of a minimal pair.", "text");
    QCommandLineOption view(
        "view",
        QStringLiteral("View to show, by workspace (with --workspace, one of that workspace's): %1.")
            .arg(MainWindow::viewNamesHelp()),
        "name");
    QCommandLineOption workspace("workspace", "encoder (BERT, DistilBERT, RoBERTa), translation (Marian) or generation (GPT-2).", "name");
    QCommandLineOption translationModel("translation-model",
                                        "Marian checkpoint folder (or ORG/NAME in the Hugging Face cache) for the "
                                        "translation workspace.",
                                        "dir");
    QCommandLineOption beams("beams", "Translation: beam size (1: greedy).", "n");
    QCommandLineOption attention("attention", "Translation: cross, encoder or decoder attention in heatmap/head/model.",
                                 "kind");
    QCommandLineOption ablate("ablate",
                              "Head ablation: once the first result is shown, switch these heads (LAYER:HEAD,...) of "
                              "the shown attention off, so the views compare with every head on.",
                              "heads");
    QCommandLineOption layer("layer", "Layer to select.", "n");
    QCommandLineOption head("head", "Head to select.", "n");
    QCommandLineOption token("select-token", "Token to select (as if clicked), e.g. for --view links.", "index");
    QCommandLineOption screenshot(
        "screenshot", "Render the window to this PNG once the shown view has its final result, then exit.", "file");
    QCommandLineOption size("size", "Window size for --screenshot, e.g. 1280x860.", "WxH", "1280x860");
    QCommandLineOption presentation("presentation",
                                    "Start in presentation mode with text at this size in percent (100-250).",
                                    "percent");
    QCommandLineOption about("about", "Show the \"About this view\" panel.");
    QCommandLineOption language("language", "Language of the interface and the explanations for this run: en or de.", "code");
    QCommandLineOption guideStep("guide",
                                 "Start the guided lesson (Help › Lesson: Attention and Transformers) at this step.",
                                 "step");
    QCommandLineOption exportAnimation(
        "export-animation",
        "Once the shown view has its result, write an animation (FILE.gif, or FILE.png for numbered PNG frames), "
        "then exit.",
        "file");
    QCommandLineOption animationKind("animation", "What --export-animation shows: steps (the translation) or layers "
                                                  "(the current heatmap, layer by layer).",
                                     "kind", "steps");
    QCommandLineOption frameSize("frame-size", "Frame size for --export-animation.", "WxH", "960x600");
    QCommandLineOption frameSeconds("frame-seconds", "Seconds per frame for --export-animation.", "s", "1");
    QCommandLineOption colours("colours", "Colour scale of the weights: standard, viridis, cividis or greys.", "name");
    QCommandLineOption themeOption("theme", "Window theme: system, light or dark.", "name");
    parser.addOptions({model, device, text, pair, view, ablate, layer, head, token, screenshot, size, workspace,
                       translationModel, beams, attention, presentation, about, language, guideStep, colours,
                       themeOption, exportAnimation, animationKind, frameSize, frameSeconds});
    parser.addPositionalArgument("lesson", "A lesson file (.attnscope, File › Save lesson state) to open.",
                                 "[lesson.attnscope]");
    parser.process(app);

    const bool shooting = parser.isSet(screenshot) || parser.isSet(exportAnimation);
    if (shooting) QApplication::setApplicationName("attnscope-screenshot");  // keep the user's settings intact
    QString uiLanguage = uilanguage::resolve(uilanguage::setting());
    if (parser.isSet(language)) {
        if (!uilanguage::available().contains(parser.value(language))) {
            std::fprintf(stderr, "attnscope: --language takes %s\n", qPrintable(uilanguage::available().join(" or ")));
            return 2;
        }
        uiLanguage = parser.value(language);
    }

    // Sets up the first window from the command line: -1 to go on, else the exit code.
    auto setUp = [&](MainWindow& window) -> int {
        // A folder as given; ORG/NAME is looked up in the Hugging Face cache (a model not there is
        // left as typed, and loading it says what is wrong).
        auto resolve = [](const QString& arg) {
            try {
                return QString::fromStdString(attnscope::hub::resolveModelPath(arg.toStdString()));
            } catch (const std::exception&) {
                return arg;
            }
        };
        QString modelDir = parser.isSet(model) ? resolve(parser.value(model)) : QString();
        if (parser.isSet(model) && !QFileInfo(modelDir).isDir())  // the window says it too, in place of the views
            std::fprintf(stderr,
                         "attnscope: --model %s: no such folder, and not a model in the Hugging Face cache "
                         "(attnscope-cli models lists them)\n",
                         qPrintable(parser.value(model)));
        if (modelDir.isEmpty()) {  // the remembered model while it exists, else the default
            modelDir = QSettings().value("model").toString();
            if (modelDir.isEmpty() || !QFileInfo::exists(modelDir))
                modelDir = QDir(ATTNSCOPE_DEFAULT_MODELS_DIR).filePath("all-MiniLM-L6-v2");
        }
        if (parser.isSet(device)) window.setDeviceChoice(parser.value(device));
        auto* translation = window.translationWorkspace();
        const bool translating = parser.isSet(workspace) ? parser.value(workspace) == QLatin1String("translation")
                                                         : parser.isSet(translationModel);
        if ((parser.isSet(workspace) || translating) &&
            !window.showWorkspace(parser.isSet(workspace) ? parser.value(workspace) : QStringLiteral("translation"))) {
            std::fprintf(stderr, "attnscope: unknown workspace '%s' (choose encoder, translation or generation)\n",
                         qPrintable(parser.value(workspace)));
            return 2;
        }
        if (parser.isSet(beams)) translation->setBeams(parser.value(beams).toInt());
        if (parser.isSet(attention)) {
            const QString kind = parser.value(attention);
            translation->setAttentionKind(kind == "encoder"   ? AttentionKind::Encoder
                                          : kind == "decoder" ? AttentionKind::Decoder
                                                              : AttentionKind::Cross);
        }
        if (parser.isSet(pair)) window.setPairText(parser.value(pair));
        Workspace* current = window.currentWorkspace();
        if (parser.isSet(text)) current->setText(parser.value(text));
        if (parser.isSet(view)) {
            const auto target = window.resolveView(parser.value(view), parser.value(workspace));
            if (!target.workspace) {
                std::fprintf(stderr, "attnscope: %s\n", qPrintable(target.error));
                return 2;
            }
            window.showView(target.view, target.workspace->workspaceName());
        }
        current = window.currentWorkspace();  // a view name may have switched workspaces
        // The command line chose what to show: the first start's own choice must not replace it.
        if (parser.isSet(text) || parser.isSet(pair) || parser.isSet(layer) || parser.isSet(head) || parser.isSet(token))
            window.encoderWorkspace()->cancelFirstView();
        if (parser.isSet(layer) || parser.isSet(head))
            current->selection()->setLayerHead(parser.value(layer).toInt(), parser.value(head).toInt());
        if (parser.isSet(token)) current->selection()->setSelectedToken(parser.value(token).toInt());
        // --ablate: every head on first, then these off (the views show both, as after a click).
        auto ablationPending = std::make_shared<bool>(false);
        auto ablationShown = std::make_shared<std::function<void()>>();  // the screenshot, if waiting
        if (parser.isSet(ablate)) {
            std::set<std::pair<int, int>> heads;
            try {
                heads = attnscope::parseHeadList(parser.value(ablate).toStdString());
            } catch (const std::exception& e) {
                std::fprintf(stderr, "attnscope: --ablate: %s\n", e.what());
                return 2;
            }
            *ablationPending = !heads.empty();
            // First result: switch the heads off; the next result is the one with them off.
            auto once = std::make_shared<QMetaObject::Connection>();
            *once = QObject::connect(current, &Workspace::resultShown, current,
                                     [current, heads, once, ablationPending, ablationShown] {
                QObject::disconnect(*once);
                attnscope::HeadAblation ablation;
                ablation.of(current->ablationKind()) = heads;
                *once = QObject::connect(current, &Workspace::resultShown, current, [current, once, ablationPending, ablationShown] {
                    QObject::disconnect(*once);
                    *ablationPending = false;
                    if (*ablationShown) (*ablationShown)();
                });
                current->setAblation(ablation);
            });
        }

        if (shooting) {
            // Sizes a window (and the picture of it) can hold: from 320 x 240 to 8192 x 8192.
            const auto wh = parser.value(size).split('x');
            bool okW = false, okH = false;
            const int w = wh.value(0).toInt(&okW), h = wh.value(1).toInt(&okH);
            if (wh.size() != 2 || !okW || !okH || w < 320 || h < 240 || w > 8192 || h > 8192) {
                std::fprintf(stderr, "attnscope: --size takes WIDTHxHEIGHT from 320x240 to 8192x8192, not '%s'\n",
                             qPrintable(parser.value(size)));
                return 2;
            }
            window.resize(w, h);
            const QString file = parser.value(screenshot);
            auto saving = std::make_shared<bool>(false);
            const QString animationFile = parser.value(exportAnimation);
            const auto kind = parser.value(animationKind) == QLatin1String("layers") ? MainWindow::AnimationKind::LayerSweep
                                                                                    : MainWindow::AnimationKind::TranslationSteps;
            const auto fwh = parser.value(frameSize).split('x');  // exportAnimation() checks the bounds
            const QSize frame(fwh.value(0).toInt(), fwh.value(1).toInt());
            const int delayMs = static_cast<int>(parser.value(frameSeconds).toDouble() * 1000.0 + 0.5);
            auto save = [&window, file, saving, animationFile, kind, frame, delayMs](int code) {
                if (*saving) return;  // the first final result (or error) is the one shot
                *saving = true;
                QTimer::singleShot(400, &window, [&window, file, code, animationFile, kind, frame, delayMs] {
                    bool ok = true;
                    if (!animationFile.isEmpty()) {
                        const QString error = window.exportAnimation(kind, animationFile, frame, delayMs);
                        ok = error.isEmpty();
                        std::printf("%s %s%s%s\n", ok ? "wrote" : "could not write", qPrintable(animationFile),
                                    ok ? "" : ": ", qPrintable(error));
                    }
                    if (!file.isEmpty()) {
                        const bool shot = window.grab().save(file);
                        std::printf("%s %s\n", shot ? "wrote" : "could not write", qPrintable(file));
                        ok = ok && shot;
                    }
                    QApplication::exit(ok ? code : 3);
                });
            };
            // The shown view's final result (e.g. the masked-word guesses, after their model loaded),
            // in the workspace shown then (a lesson file or the guided lesson may switch).
            for (Workspace* w : {static_cast<Workspace*>(window.encoderWorkspace()), static_cast<Workspace*>(translation),
                                 static_cast<Workspace*>(window.generationWorkspace())}) {
                QObject::connect(w, &Workspace::currentViewReady, &window, [save, w, &window, ablationPending] {
                    if (window.currentWorkspace() == w && !*ablationPending) save(0);
                });
                QObject::connect(w, &Workspace::errorShown, &window, [save, w, &window] {
                    if (window.currentWorkspace() == w) save(1);
                });
            }
            *ablationShown = [save, current] {
                if (current->isCurrentViewReady()) save(0);
            };
            QTimer::singleShot(120000, &window, [] { QApplication::exit(4); });
        }
        window.loadModel(modelDir);
        if (parser.isSet(translationModel)) translation->loadModel(resolve(parser.value(translationModel)));
        else if (translating) translation->ensureModel();
        if (!parser.positionalArguments().isEmpty()) {
            // A lesson says its own models, texts and views; a bad file leaves the normal start.
            const QString lessonPath = parser.positionalArguments().first();
            if (const QString error = window.openLesson(lessonPath); !error.isEmpty()) {
                std::fprintf(stderr, "attnscope: %s\n", qPrintable(error));
                if (!shooting)
                    QTimer::singleShot(0, &window, [&window, error] {
                        QMessageBox::warning(&window, QObject::tr("The lesson was not opened"), error);
                    });
            }
        }
        if (parser.isSet(guideStep)) {
            bool ok = false;
            const int step = parser.value(guideStep).toInt(&ok);
            if (const QString error = window.startGuide(); !error.isEmpty() || !ok || step < 1 ||
                                                            step > window.guidePanel()->stepCount()) {
                std::fprintf(stderr, "attnscope: --guide takes a step from 1 to %d\n", window.guidePanel()->stepCount());
                return 2;
            }
            window.guidePanel()->goTo(step - 1);
        }
        if (parser.isSet(colours)) {
            bool ok = false;
            const colors::Scheme scheme = colors::schemeFromKey(parser.value(colours), &ok);
            if (!ok) {
                std::fprintf(stderr, "attnscope: --colours takes standard, viridis, cividis or greys\n");
                return 2;
            }
            window.setColourScheme(scheme);
        }
        if (parser.isSet(themeOption)) {
            if (!theme::keys().contains(parser.value(themeOption))) {
                std::fprintf(stderr, "attnscope: --theme takes system, light or dark\n");
                return 2;
            }
            window.setTheme(parser.value(themeOption));
        }
        if (parser.isSet(about)) window.aboutPanel()->show();
        if (parser.isSet(presentation)) {
            bool ok = false;
            const double percent = parser.value(presentation).toDouble(&ok);
            if (!ok || percent < 100 || percent > 250) {
                std::fprintf(stderr, "attnscope: --presentation takes a size from 100 to 250 (percent)\n");
                return 2;
            }
            window.setPresentationScale(percent / 100.0);
            window.setPresentationMode(true);
        }
        return -1;
    };

    // View › Language rebuilds the window in the chosen language, showing the same screen.
    constexpr int kNewLanguage = 0x4c616e67;
    QJsonObject carried;
    bool first = true;
    int code = 0;
    do {
        if (!uilanguage::install(uiLanguage))
            std::fprintf(stderr, "attnscope: the %s interface texts are missing; showing English\n", qPrintable(uiLanguage));
        MainWindow window;
        if (first) {
            if (const int rc = setUp(window); rc >= 0) return rc;
        } else if (const QString error = window.applyLesson(carried, QObject::tr("The screen")); !error.isEmpty()) {
            std::fprintf(stderr, "attnscope: %s\n", qPrintable(error));
        }
        QObject::connect(&window, &MainWindow::languageChosen, &window, [&](const QString& chosen) {
            carried = window.lessonState();
            uiLanguage = chosen;
            QApplication::exit(kNewLanguage);
        });
        window.show();
        code = app.exec();
        first = false;
    } while (code == kNewLanguage);
    return code;
}
