namespace Policy.Generator;

/// <summary>The tracking names of the generator's pipeline steps, used by the incrementality tests.</summary>
public static class PolicyGeneratorSteps
{
    /// <summary>The text of each <c>.policy</c> additional file.</summary>
    public const string PolicyFiles = nameof(PolicyFiles);

    /// <summary>Each policy parsed, checked and turned into a render-ready model.</summary>
    public const string PolicyModels = nameof(PolicyModels);

    /// <summary>The MSBuild options the generator reads.</summary>
    public const string Options = nameof(Options);

    /// <summary>Each model paired with the options.</summary>
    public const string ModelsWithOptions = nameof(ModelsWithOptions);

    /// <summary>The names of all policies, to find two with one name.</summary>
    public const string PolicyNames = nameof(PolicyNames);
}
