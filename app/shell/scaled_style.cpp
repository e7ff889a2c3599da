// ScaledStyle: pixel metrics that grow with presentation mode's text (see scaled_style.h).
#include "scaled_style.h"

#include <cmath>

int ScaledStyle::pixelMetric(PixelMetric metric, const QStyleOption* option, const QWidget* widget) const {
    const int base = QProxyStyle::pixelMetric(metric, option, widget);
    if (scale_ == 1.0) return base;
    switch (metric) {
    case PM_IndicatorWidth:
    case PM_IndicatorHeight:
    case PM_ExclusiveIndicatorWidth:
    case PM_ExclusiveIndicatorHeight:
    case PM_SmallIconSize:
    case PM_ButtonIconSize:
    case PM_ToolBarIconSize:
    case PM_TabBarIconSize:
    case PM_ScrollBarExtent:
    case PM_ScrollBarSliderMin:
    case PM_SliderThickness:
    case PM_SliderLength:
    case PM_SliderControlThickness:
    case PM_SpinBoxSliderHeight:
    case PM_TitleBarHeight:
    case PM_DockWidgetTitleMargin:
    case PM_DockWidgetTitleBarButtonMargin:
    case PM_DockWidgetSeparatorExtent:
    case PM_SplitterWidth:
    case PM_TabBarScrollButtonWidth:
    case PM_MenuButtonIndicator:
    case PM_CheckBoxLabelSpacing:
    case PM_RadioButtonLabelSpacing:
    case PM_HeaderMarkSize:
        return static_cast<int>(std::lround(base * scale_));
    case PM_DefaultFrameWidth:
    case PM_FocusFrameVMargin:
    case PM_FocusFrameHMargin:
        return std::max(base, static_cast<int>(std::lround(base * std::sqrt(scale_))));  // lines a little thicker
    default:
        return base;
    }
}
