namespace Policy.Runtime.Availability;

/// <summary>Answers a policy's <c>is available</c>: whether an officer can take on work at a given time.</summary>
/// <remarks>Called while deciding actions, so it must be quick and must not block on I/O.</remarks>
public interface IOfficerAvailability
{
    bool IsAvailable(string officerId, DateTimeOffset at);
}
