namespace Policy.Runtime.Availability;

/// <summary>Where officers' absences are recorded; answers availability from them. Implement it to persist absences.</summary>
public interface IAbsenceRegister : IOfficerAvailability
{
    Task RecordAsync(OfficerAbsence absence, CancellationToken cancellationToken = default);

    /// <summary>The absences recorded for an officer, earliest first.</summary>
    Task<IReadOnlyList<OfficerAbsence>> GetAbsencesAsync(string officerId, CancellationToken cancellationToken = default);
}
