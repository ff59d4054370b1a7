import java.io.File;
import java.util.Locale;
import org.gephi.graph.api.Edge;
import org.gephi.graph.api.Graph;
import org.gephi.graph.api.GraphController;
import org.gephi.graph.api.GraphModel;
import org.gephi.graph.api.Node;
import org.gephi.io.exporter.api.ExportController;
import org.gephi.io.importer.api.Container;
import org.gephi.io.importer.api.ImportController;
import org.gephi.io.importer.api.Issue;
import org.gephi.io.processor.plugin.DefaultProcessor;
import org.gephi.project.api.ProjectController;
import org.gephi.project.api.Workspace;
import org.gephi.statistics.plugin.PageRank;
import org.openide.util.Lookup;

/**
 * Opens a graph file in Gephi as a user does (File > Open, import settings left
 * as they are, so the edge type comes from the file), runs Gephi's PageRank
 * with "Use edge weight" ticked, and exports the workspace as Gephi's own GEXF
 * and GraphML.
 *
 * <p>Usage: {@code java GephiRoundTrip FILE OUT_DIR PROBABILITY EPSILON}. The
 * result goes to standard output, one tab-separated fact per line:
 * {@code directed}, {@code undirected}, {@code mixed} (the graph model),
 * {@code pagerank_directed} (the choice PageRank's dialog starts with),
 * {@code nodes}, {@code edges}, one {@code edge} line per edge (source, target,
 * directed, weight), one {@code issue} line per import issue (level and
 * message), one {@code pagerank} line per node (id, score), and
 * {@code exported} with each file written.
 */
public final class GephiRoundTrip {

    public static void main(String[] args) throws Exception {
        if (args.length != 4) {
            System.err.println("usage: GephiRoundTrip FILE OUT_DIR PROBABILITY EPSILON");
            System.exit(2);
        }
        File input = new File(args[0]);
        File outDir = new File(args[1]);
        double probability = Double.parseDouble(args[2]);
        double epsilon = Double.parseDouble(args[3]);

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
        Graph graph = model.getGraph();
        System.out.println("directed\t" + model.isDirected());
        System.out.println("undirected\t" + model.isUndirected());
        System.out.println("mixed\t" + model.isMixed());
        System.out.println("nodes\t" + graph.getNodeCount());
        System.out.println("edges\t" + graph.getEdgeCount());
        for (Node node : graph.getNodes()) {
            System.out.println("label\t" + node.getId() + "\t" + node.getLabel());
        }
        for (Edge edge : graph.getEdges()) {
            System.out.println("edge\t" + edge.getSource().getId() + "\t" + edge.getTarget().getId() + "\t"
                    + edge.isDirected() + "\t" + String.format(Locale.ROOT, "%.17g", edge.getWeight()));
        }

        // A new PageRank takes its "directed" setting from the graph model, as
        // the statistics panel of Gephi's window does.
        PageRank pageRank = new PageRank();
        System.out.println("pagerank_directed\t" + pageRank.getDirected());
        pageRank.setUseEdgeWeight(true);
        pageRank.setProbability(probability);
        pageRank.setEpsilon(epsilon);
        pageRank.execute(model);
        for (Node node : graph.getNodes()) {
            Object score = node.getAttribute(PageRank.PAGERANK);
            System.out.println("pagerank\t" + node.getId() + "\t" + String.format(Locale.ROOT, "%.17g", (Double) score));
        }

        ExportController exporter = Lookup.getDefault().lookup(ExportController.class);
        for (String suffix : new String[] {".gexf", ".graphml"}) {
            File output = new File(outDir, input.getName() + ".gephi" + suffix);
            exporter.exportFile(output, workspace);
            System.out.println("exported\t" + output.getPath());
        }
    }
}
