namespace BindingConformance.Reports;

/// <summary>Turns a finished report model into one file format; measurement never happens here.</summary>
public interface IReportExporter
{
    /// <summary>File name inside the output folder, e.g. <c>report.json</c>.</summary>
    string FileName { get; }

    string Export(RunReport report);

    /// <summary>Cheap enough to rewrite after every recorded cell; false writes the file only at a run's milestones.</summary>
    bool AfterEveryCell => true;
}
