namespace Policy.Runtime.Storage;

/// <summary>A store whose schema is migrated by <see cref="ICaseStore.InitializeAsync"/>: what the store health check asks it.</summary>
public interface ICaseStoreSchema
{
    /// <summary>The schema version this code writes, which <see cref="ICaseStore.InitializeAsync"/> migrates to.</summary>
    int ExpectedSchemaVersion { get; }

    /// <summary>The schema version the database holds (0 before the first migration); reaching the database proves it is up.</summary>
    Task<int> ReadSchemaVersionAsync(CancellationToken cancellationToken = default);
}
