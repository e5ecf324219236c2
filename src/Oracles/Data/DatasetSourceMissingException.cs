namespace BindingConformance.Oracles.Data;

/// <summary>The raw files a dataset is converted from are not on this machine; the message says how to get them.</summary>
public sealed class DatasetSourceMissingException(string message) : Exception(message);
