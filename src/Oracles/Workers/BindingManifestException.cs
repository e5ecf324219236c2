namespace BindingConformance.Oracles.Workers;

/// <summary>A manifest that names no binding at all: unreadable, not JSON, or without a valid <c>binding</c> id. One line naming the file.</summary>
public sealed class BindingManifestException(string message, Exception? inner = null) : IOException(message, inner);
