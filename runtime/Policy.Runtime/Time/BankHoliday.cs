namespace Policy.Runtime.Time;

/// <summary>One bank holiday: its date and its name as gov.uk publishes it.</summary>
public sealed record BankHoliday(DateOnly Date, string Name);
