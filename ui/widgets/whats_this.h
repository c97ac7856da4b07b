#pragma once
// Every control of a form explains itself: What's This (Shift+F1) says what its
// tooltip says when nothing longer was written, and a form's row label shows its
// field's tooltip, so hovering the word works as well as hovering the box.
class QWidget;

namespace poolscope::ui {

void fillWhatsThis(QWidget* form);

} // namespace poolscope::ui
