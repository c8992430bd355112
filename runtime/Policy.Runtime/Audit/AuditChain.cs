namespace Policy.Runtime.Audit;

/// <summary>Computes and verifies the hash chain of the audit trail.</summary>
public static partial class AuditChain
{
}
