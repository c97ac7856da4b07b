#pragma once
// A window whose state changes (full screen, back) is resized by the window
// system later, when its event arrives. Painting before it would show the new
// layout at the old size and paint everything again at the new one: two frames
// where one will do.
class QWidget;

namespace poolscope::ui {

// Holds a window's paints while it changes, for one paint of the result: from
// construction its updates are off; from destruction they are on again, at once
// when its platform window kept its size, else when the resize to the new size
// has arrived (after a quarter of a second at the latest, should the window system
// never send it).
class PaintWhenSized {
public:
    explicit PaintWhenSized(QWidget* window);
    ~PaintWhenSized();
    PaintWhenSized(const PaintWhenSized&) = delete;
    PaintWhenSized& operator=(const PaintWhenSized&) = delete;

private:
    QWidget* window_;
    int widthBefore_ = 0, heightBefore_ = 0;
};

} // namespace poolscope::ui
