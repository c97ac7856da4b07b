// A QObject without the include.
class Counter {
    Q_OBJECT
};
