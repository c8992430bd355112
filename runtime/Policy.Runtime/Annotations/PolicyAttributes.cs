namespace Policy.Runtime.Annotations;

/// <summary>Marks a generated workflow class with the policy it enforces and its state enum. Read by the analyzers.</summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = false, Inherited = false)]
public sealed class PolicyWorkflowAttribute : Attribute
{
    public PolicyWorkflowAttribute(string policy, Type stateType)
    {
        Policy = policy;
        StateType = stateType;
    }

    public string Policy { get; }
    public Type StateType { get; }
}

/// <summary>Marks a generated action method with who may perform it and in which states. Read by the analyzers.</summary>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = false, Inherited = false)]
public sealed class PolicyActionAttribute : Attribute
{
    public PolicyActionAttribute(string action, string[] roles, string[] fromStates, string? toState)
    {
        Action = action;
        Roles = roles;
        FromStates = fromStates;
        ToState = toState;
    }

    public string Action { get; }
    public string[] Roles { get; }
    public string[] FromStates { get; }
    /// <summary>The state the action moves the case to, or null when it stays.</summary>
    public string? ToState { get; }
}

/// <summary>
/// Describes one deadline of a generated workflow: the action that meets it and its fixed durations (empty when they
/// depend on recorded facts). Read by the analyzers; one per deadline on the workflow class.
/// </summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = true, Inherited = false)]
public sealed class PolicyDeadlineAttribute : Attribute
{
    public PolicyDeadlineAttribute(string deadline, string role, string action, string within)
    {
        Deadline = deadline;
        Role = role;
        Action = action;
        Within = within;
    }

    public string Deadline { get; }
    public string Role { get; }
    public string Action { get; }
    /// <summary>The fixed due time as the policy writes it ("28 days"), or empty.</summary>
    public string Within { get; }
    /// <summary>The name of the generated <c>Durations</c> member holding it, or null.</summary>
    public string? DurationMember { get; set; }
}

/// <summary>Describes a duration-typed setting's default, so analyzers can spot the same number written by hand.</summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = true, Inherited = false)]
public sealed class PolicySettingAttribute : Attribute
{
    public PolicySettingAttribute(string setting, string defaultValue)
    {
        Setting = setting;
        DefaultValue = defaultValue;
    }

    public string Setting { get; }
    public string DefaultValue { get; }
}

/// <summary>
/// Base of the generated per-role attributes (<c>[RassoInvestigation.ActsAsSupervisor]</c>): code marked with one
/// declares the role it acts in, and the analyzers flag actions that role may not perform.
/// </summary>
[AttributeUsage(AttributeTargets.Class | AttributeTargets.Method, AllowMultiple = false, Inherited = true)]
public abstract class ActsAsRoleAttribute : Attribute
{
    protected ActsAsRoleAttribute(string policy, string role)
    {
        Policy = policy;
        Role = role;
    }

    public string Policy { get; }
    public string Role { get; }
}
