namespace BindingConformance.Cli;

/// <summary>Bad command-line usage or input: printed as one line, exit code 2.</summary>
public sealed class UsageException(string message) : Exception(message);
