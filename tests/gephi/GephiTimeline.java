import java.io.File;
import java.util.ArrayList;
import java.util.List;
import org.gephi.graph.api.Edge;
import org.gephi.graph.api.Element;
import org.gephi.graph.api.Graph;
import org.gephi.graph.api.GraphController;
import org.gephi.graph.api.GraphModel;
import org.gephi.graph.api.Interval;
import org.gephi.graph.api.Node;
import org.gephi.graph.api.AttributeUtils;
import org.gephi.io.exporter.api.ExportController;
import org.gephi.io.importer.api.Container;
import org.gephi.io.importer.api.ImportController;
import org.gephi.io.importer.api.Issue;
import org.gephi.io.processor.plugin.DefaultProcessor;
import org.gephi.project.api.ProjectController;
import org.gephi.project.api.Workspace;
import org.joda.time.DateTimeZone;
import org.openide.util.Lookup;

/**
 * Opens a dynamic graph file in Gephi as a user does (File > Open), and reports
 * what Gephi's timeline works from: whether the graph is dynamic, its time
 * format and bounds, the intervals of every node and edge, and, for each
 * window given, the nodes and edges Gephi's time index puts in it (what the
 * timeline shows when its range is that window). Then exports the workspace
 * as Gephi's own GEXF.
 *
 * <p>Usage: {@code java GephiTimeline FILE OUT_DIR [START,END ...]}, dates as
 * {@code YYYY-MM-DD}, an empty bound open. Output, one tab-separated fact per
 * line: {@code dynamic}, {@code timeformat}, {@code bounds} (low and high
 * dates), {@code issue} (level, message), {@code node} (id, intervals),
 * {@code edge} (source, target, intervals), intervals as
 * {@code low..high} joined by {@code ;} with {@code -} for an open bound;
 * {@code window_node} and {@code window_edge} (window index, id or source and
 * target); {@code exported} (the file written).
 */
public final class GephiTimeline {

    private static DateTimeZone zone;

    private static String date(double value) {
        if (Double.isInfinite(value)) {
            return "-";
        }
        return AttributeUtils.printDate(value, zone);
    }

    private static String intervals(Element element) {
        List<String> parts = new ArrayList<>();
        Interval[] all = element.getIntervals();
        if (all != null) {
            for (Interval interval : all) {
                parts.add(date(interval.getLow()) + ".." + date(interval.getHigh()));
            }
        }
        return String.join(";", parts);
    }

    private static double bound(String text, boolean low) {
        if (text.isEmpty()) {
            return low ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY;
        }
        return AttributeUtils.parseDateTime(text, zone);
    }

    public static void main(String[] args) throws Exception {
        if (args.length < 2) {
            System.err.println("usage: GephiTimeline FILE OUT_DIR [START,END ...]");
            System.exit(2);
        }
        File input = new File(args[0]);
        File outDir = new File(args[1]);
        ProjectController projects = Lookup.getDefault().lookup(ProjectController.class);
        projects.newProject();
        Workspace workspace = projects.getCurrentWorkspace();
        ImportController importer = Lookup.getDefault().lookup(ImportController.class);
        Container container = importer.importFile(input);
        if (container == null) {
            System.err.println("Gephi could not import " + input);
            System.exit(1);
        }
        for (Issue issue : container.getReport().getIssuesList(Integer.MAX_VALUE)) {
            System.out.println("issue\t" + issue.getLevel() + "\t" + issue.getMessage().replace('\n', ' '));
        }
        importer.process(container, new DefaultProcessor(), workspace);

        GraphModel model = Lookup.getDefault().lookup(GraphController.class).getGraphModel(workspace);
        zone = model.getTimeZone();
        Graph graph = model.getGraph();
        System.out.println("dynamic\t" + model.isDynamic());
        System.out.println("timeformat\t" + model.getTimeFormat());
        Interval bounds = model.getTimeBounds();
        System.out.println("bounds\t" + date(bounds.getLow()) + "\t" + date(bounds.getHigh()));
        for (Node node : graph.getNodes()) {
            System.out.println("node\t" + node.getId() + "\t" + intervals(node));
        }
        for (Edge edge : graph.getEdges()) {
            System.out.println("edge\t" + edge.getSource().getId() + "\t" + edge.getTarget().getId() + "\t"
                    + intervals(edge));
        }
        for (int i = 2; i < args.length; i++) {
            String[] ends = args[i].split(",", -1);
            Interval window = new Interval(bound(ends[0], true), bound(ends[1], false));
            for (Node node : model.getNodeTimeIndex().get(window)) {
                System.out.println("window_node\t" + (i - 2) + "\t" + node.getId());
            }
            for (Edge edge : model.getEdgeTimeIndex().get(window)) {
                System.out.println("window_edge\t" + (i - 2) + "\t" + edge.getSource().getId() + "\t"
                        + edge.getTarget().getId());
            }
        }
        ExportController exporter = Lookup.getDefault().lookup(ExportController.class);
        File output = new File(outDir, input.getName() + ".gephi.gexf");
        exporter.exportFile(output, workspace);
        System.out.println("exported\t" + output.getPath());
    }
}
