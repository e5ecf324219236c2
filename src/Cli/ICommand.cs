namespace BindingConformance.Cli;

/// <summary>One verb of the <c>conformance</c> tool. Exit codes: 0 success, 1 a check failed, 2 bad usage or input, 130 interrupted.</summary>
public interface ICommand
{
    string Name { get; }

    /// <summary>One line shown by <c>conformance --help</c>.</summary>
    string Summary { get; }

    /// <summary>The synopsis after <c>conformance</c>, shown by <c>conformance NAME --help</c>.</summary>
    string Usage { get; }

    Task<int> RunAsync(CommandArgs args, TextWriter stdout, TextWriter stderr, CancellationToken cancellationToken);
}
