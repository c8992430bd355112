namespace Policy.Runtime.Time;

/// <summary>The date of Easter Sunday in the Gregorian calendar, as the Church of England and the bank holidays use it.</summary>
public static class Easter
{
    /// <summary>Easter Sunday of <paramref name="year"/> (1583 onwards, the first full Gregorian year).</summary>
    public static DateOnly Sunday(int year)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(year, 1583);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(year, 9999);

        // The anonymous Gregorian computus (Meeus/Jones/Butcher): the first Sunday after the ecclesiastical full moon
        // on or after 21 March, with the Gregorian century corrections for leap days and the lunar cycle.
        var golden = year % 19;
        var century = year / 100;
        var yearOfCentury = year % 100;
        var skippedLeapDays = century / 4;
        var centuryRemainder = century % 4;
        var lunarCorrection = (century + 8) / 25;
        var moonShift = (century - lunarCorrection + 1) / 3;
        var epact = ((19 * golden) + century - skippedLeapDays - moonShift + 15) % 30;
        var leapQuarter = yearOfCentury / 4;
        var leapRemainder = yearOfCentury % 4;
        var toSunday = (32 + (2 * centuryRemainder) + (2 * leapQuarter) - epact - leapRemainder) % 7;
        var lateCorrection = (golden + (11 * epact) + (22 * toSunday)) / 451;
        var daysFromMarch = epact + toSunday - (7 * lateCorrection) + 114;
        return new DateOnly(year, daysFromMarch / 31, (daysFromMarch % 31) + 1);
    }
}
