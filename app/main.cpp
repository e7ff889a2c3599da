// attnscope desktop app entry point (filled in by the main-window work).
#include <QApplication>
#include <QLabel>

int main(int argc, char** argv) {
    QApplication app(argc, argv);
    QLabel label("attnscope");
    label.show();
    return app.exec();
}
