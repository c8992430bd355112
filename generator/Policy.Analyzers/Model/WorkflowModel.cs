using System.Collections.Immutable;
using Microsoft.CodeAnalysis;

namespace Policy.Analyzers.Model;

/// <summary>What the generated attributes on one workflow class say about its policy.</summary>
internal sealed class WorkflowModel
{
    public WorkflowModel(INamedTypeSymbol type, string policyName, ImmutableArray<DeadlineModel> deadlines, ImmutableArray<SettingModel> settings)
    {
        Type = type;
        PolicyName = policyName;
        Deadlines = deadlines;
        Settings = settings;
    }

    /// <summary>The generated workflow class.</summary>
    public INamedTypeSymbol Type { get; }

    public string PolicyName { get; }

    public ImmutableArray<DeadlineModel> Deadlines { get; }

    /// <summary>The duration-typed settings and their defaults.</summary>
    public ImmutableArray<SettingModel> Settings { get; }

    /// <summary>The generated <c>Durations</c> class, or null.</summary>
    public INamedTypeSymbol? DurationsClass => Type.GetTypeMembers("Durations").FirstOrDefault();

    /// <summary>The generated <c>SettingDefaults</c> class, or null.</summary>
    public INamedTypeSymbol? SettingDefaultsClass => Type.GetTypeMembers("SettingDefaults").FirstOrDefault();
}

/// <summary>One <c>[PolicyAction]</c> method: who may perform it and in which states.</summary>
internal sealed class ActionModel
{
    public ActionModel(string name, ImmutableArray<string> roles, ImmutableArray<string> fromStates, WorkflowModel workflow)
    {
        Name = name;
        Roles = roles;
        FromStates = fromStates;
        Workflow = workflow;
    }

    public string Name { get; }

    public ImmutableArray<string> Roles { get; }

    public ImmutableArray<string> FromStates { get; }

    public WorkflowModel Workflow { get; }
}

/// <summary>One <c>[PolicyDeadline]</c>: the action that meets it and its fixed due time ("28 days"), if any.</summary>
internal sealed class DeadlineModel
{
    public DeadlineModel(string name, string role, string action, string within, string? durationMember)
    {
        Name = name;
        Role = role;
        Action = action;
        Within = within;
        DurationMember = durationMember;
    }

    public string Name { get; }

    public string Role { get; }

    public string Action { get; }

    /// <summary>The fixed due time as the policy writes it, or empty when it depends on recorded facts.</summary>
    public string Within { get; }

    /// <summary>The generated <c>Durations</c> member holding <see cref="Within"/>, or null.</summary>
    public string? DurationMember { get; }
}

/// <summary>One <c>[PolicySetting]</c>: a duration-typed setting and its default as the policy writes it.</summary>
internal sealed class SettingModel
{
    public SettingModel(string name, string defaultValue)
    {
        Name = name;
        DefaultValue = defaultValue;
    }

    public string Name { get; }

    public string DefaultValue { get; }
}
