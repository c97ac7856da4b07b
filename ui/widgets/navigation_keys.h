#pragma once
// Keys that mean one thing in the whole window: Left/Right step, Up/Down change
// the channel, Home/End go to the first/last step, whichever control last took
// the focus (a thumbnail, a combo box, a slider, a button). Only a text field
// being edited keeps them: there they move the cursor or step the number.
class QKeyEvent;
class QWidget;

namespace poolscope::ui {

// Left, Right, Up, Down, Home or End without a modifier (the keypad's count as plain).
bool isNavigationKey(const QKeyEvent* event);

// A control whose own use of the navigation keys wins: a line edit, a spin box,
// an editable text, or anything in a popup (an open combo box list, a menu).
bool keepsNavigationKeys(const QWidget* widget);

} // namespace poolscope::ui
