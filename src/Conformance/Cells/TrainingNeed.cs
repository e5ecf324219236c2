namespace BindingConformance.Cells;

/// <summary>Which binding of a cell must train its model before the cell can run; a binding that cannot is a skip with its reason.</summary>
public enum TrainingNeed
{
    /// <summary>Nothing is trained (hazard probes, committed fixtures).</summary>
    None,

    /// <summary>The binding under test trains the model (training, own-file, backend, time and gradient cells).</summary>
    Binding,

    /// <summary>The source binding trains and saves the model; the binding under test only loads it (cross-load, weight transfer).</summary>
    Source,
}
