"""Messages of the calendar's days: greeting occasions, festivals, holidays and working days."""

from __future__ import annotations

# key: (Simplified Chinese, English)
CATALOG: dict[str, tuple[str, str]] = {
    # --- occasions (store.vocab.Occasion): "occasion.<value>" -----------------------
    "occasion.birthday": ("生日", "Birthday"),
    "occasion.wedding": ("结婚纪念日", "Wedding anniversary"),
    "occasion.contact_birthday": ("高管生日", "Key contact's birthday"),
    "occasion.new_year": ("元旦", "New Year's Day"),
    "occasion.spring_festival": ("春节", "Spring Festival"),
    "occasion.lantern": ("元宵节", "Lantern Festival"),
    "occasion.dragon_boat": ("端午节", "Dragon Boat Festival"),
    "occasion.mid_autumn": ("中秋节", "Mid-Autumn Festival"),
    "occasion.mothers_day": ("母亲节", "Mother's Day"),
    "occasion.fathers_day": ("父亲节", "Father's Day"),
    "occasion.national_day": ("国庆节", "National Day"),
    "occasion.christmas": ("圣诞节", "Christmas"),
    # two festivals on one day (中秋 and 国庆 on 2020-10-01)
    "calendar_days.festival_join": ("、", ", "),
    # --- weekdays, Monday first -----------------------------------------------------
    "calendar_days.weekday.0": ("周一", "Mon"),
    "calendar_days.weekday.1": ("周二", "Tue"),
    "calendar_days.weekday.2": ("周三", "Wed"),
    "calendar_days.weekday.3": ("周四", "Thu"),
    "calendar_days.weekday.4": ("周五", "Fri"),
    "calendar_days.weekday.5": ("周六", "Sat"),
    "calendar_days.weekday.6": ("周日", "Sun"),
    "calendar_days.weekday_long.5": ("周六", "Saturday"),
    "calendar_days.weekday_long.6": ("周日", "Sunday"),
    # --- holiday warnings ------------------------------------------------------------
    # {day} ISO date; {holiday} the holiday's name; {weekday} the day of the week;
    # {previous} the previous working day with its weekday ("2026-09-30（周三）" /
    # "Wed 2026-09-30"); {estimated} "" or the estimated mark.
    "calendar_days.warning.holiday": (
        "{day} 是{holiday}假期{estimated}；前一个工作日是 {previous}",
        "{day} is a public holiday{estimated}, {holiday}; the previous working day is {previous}",
    ),
    "calendar_days.warning.weekend": (
        "{day} 是{weekday}{estimated}；前一个工作日是 {previous}",
        "{day} is a {weekday}{estimated}; the previous working day is {previous}",
    ),
    "calendar_days.previous_day": ("{day}（{weekday}）", "{weekday} {day}"),
    "calendar_days.estimated": ("（推定）", " (estimated)"),
}
