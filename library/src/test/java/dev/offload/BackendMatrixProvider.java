package dev.offload;

import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.ArgumentsProvider;
import org.junit.jupiter.params.support.AnnotationConsumer;
import org.junit.jupiter.params.support.ParameterDeclarations;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;

/** The cells of a {@link BackendMatrix} test: backends, times types, times the test's own cases. */
final class BackendMatrixProvider implements ArgumentsProvider, AnnotationConsumer<BackendMatrix> {
    private BackendMatrix matrix;

    @Override
    public void accept(BackendMatrix annotation) {
        matrix = annotation;
    }

    @Override
    public Stream<? extends Arguments> provideArguments(ParameterDeclarations parameters, ExtensionContext context) {
        ExtensionContext classContext = context.getParent().orElseThrow();
        List<TestBackend> backends = Arrays.asList(matrix.backends().length == 0 ? TestBackend.values()
                : matrix.backends());
        List<BackendContext> cells = new ArrayList<>();
        for (TestBackend b : backends) {
            if (matrix.types().length == 0) {
                cells.add(new BackendContext(b, null, classContext));
            }
            for (ElementType t : matrix.types()) {
                cells.add(new BackendContext(b, t, classContext));
            }
        }
        return MatrixCases.product(context, matrix.cases(), cells);
    }
}
