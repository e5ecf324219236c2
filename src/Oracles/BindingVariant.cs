namespace BindingConformance.Oracles;

/// <summary>
/// A binding decorated for a run: a simulated bug of <c>conformance sensitivity</c>, applied around the real binding.
/// The product records it with every cell it touches and passes it on to the command that reproduces the cell; it never
/// judges a decorated binding differently.
/// </summary>
/// <param name="Name">How a command line names the decoration (<c>conformance compare --mutant NAME</c>).</param>
/// <param name="Description">What it does to the binding, in one sentence.</param>
/// <param name="AltersSavedFiles">
/// The decoration changes the files the binding saves; it applies the same change to any file it runs layer by layer, so
/// that a repro bundle shows the change on a good file.
/// </param>
public sealed record BindingVariant(string Name, string Description, bool AltersSavedFiles);
