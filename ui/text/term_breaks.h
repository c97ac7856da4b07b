#pragma once
// Arithmetic written so a narrow panel breaks it only between terms: after ", "
// in a list, or before an operator (" + ", " = " ...) at the shallowest depth
// of parentheses that lets every unbroken piece fit the width. Every other space
// (inside a term, between a word and the number it names) becomes a no-break space.
#include <QString>

class QFontMetricsF;

namespace poolscope::ui {

// `width` <= 0: not laid out yet, breaks at every depth. A line that no
// choice of depth fits (prose) breaks between words, but never between a word and its number.
QString keepTermsWhole(const QString& text, const QFontMetricsF& metrics, qreal width);

// The text as written: the no-break spaces back to spaces, no word joiners.
QString plainArithmetic(const QString& shown);

} // namespace poolscope::ui
